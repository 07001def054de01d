// Writes the script tag for the bundle on the CDN given as ?cdn=, as a store's theme file would:
// <script src="https://cdn…/filecheck.js" data-publishable-key data-workflow data-cart-button>.
const tag = document.createElement('script');
tag.src = `${new URLSearchParams(location.search).get('cdn')}/filecheck.js`;
tag.async = true;
Object.assign(tag.dataset, { publishableKey: 'pk_test_demo', workflow: '#wf', cartButton: '#cart' });
document.body.appendChild(tag);
