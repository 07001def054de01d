// Adds the script tag for the bundle on the "CDN" origin (localhost, the page's port + 1), as a
// store's theme would write it.
const tag = document.createElement('script');
tag.src = `http://localhost:${Number(location.port) + 1}/filecheck.js`;
tag.async = true;
Object.assign(tag.dataset, { publishableKey: 'pk_test_demo', workflow: '#wf', cartButton: '#cart' });
document.body.appendChild(tag);
