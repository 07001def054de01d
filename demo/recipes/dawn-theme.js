// A pared-down copy of what Shopify's Dawn theme does on a product page, so the recipe is tested
// against the behaviour that matters (demo only, not part of the SDK):
//  - <product-form> takes over the form's submit and adds to the cart with fetch (AJAX cart);
//  - <variant-selects> on change updates the variant id and price and RE-ENABLES the buy button
//    (Dawn's toggleAddButton), or disables it with "Sold out" for an unavailable variant.
// The Filecheck gate must keep the button closed through all of this until canProceed.
window.routes = window.routes || { cart_add_url: '/cart/add' };

class ProductForm extends HTMLElement {
  constructor() {
    super();
    this.form = this.querySelector('form');
    this.form.addEventListener('submit', this.onSubmitHandler.bind(this));
    this.submitButton = this.querySelector('[type="submit"]');
    this.errorWrapper = this.querySelector('.product-form__error-message-wrapper');
  }

  onSubmitHandler(evt) {
    evt.preventDefault();
    if (this.submitButton.getAttribute('aria-disabled') === 'true') return;
    this.handleErrorMessage();
    this.submitButton.setAttribute('aria-disabled', 'true');
    this.submitButton.classList.add('loading');
    const formData = new FormData(this.form);
    formData.append('sections_url', window.location.pathname);
    // Show what goes to the cart (a real theme would not; it helps reading the demo).
    const shown = [];
    for (const [k, v] of formData) shown.push(`${k} = ${typeof v === 'string' ? v : v.name}`);
    const out = document.getElementById('cart-post');
    if (out) out.textContent = shown.join('\n');
    fetch(window.routes.cart_add_url, { method: 'POST', headers: { Accept: 'application/javascript', 'X-Requested-With': 'XMLHttpRequest' }, body: formData })
      .then((response) => response.json())
      .then((response) => {
        if (response.status) this.handleErrorMessage(response.description || response.message);
        else document.dispatchEvent(new CustomEvent('cart:added', { detail: response }));
      })
      .catch(() => this.handleErrorMessage('This demo has no cart: the request above is what Shopify would receive.'))
      .finally(() => {
        this.submitButton.classList.remove('loading');
        this.submitButton.removeAttribute('aria-disabled');
      });
  }

  handleErrorMessage(message = false) {
    if (!this.errorWrapper) return;
    this.errorWrapper.toggleAttribute('hidden', !message);
    if (message) this.errorWrapper.querySelector('.product-form__error-message').textContent = message;
  }
}
customElements.define('product-form', ProductForm);

class VariantSelects extends HTMLElement {
  constructor() {
    super();
    this.addEventListener('change', this.onVariantChange);
  }

  getVariantData() {
    this.variantData = this.variantData || JSON.parse(this.querySelector('script[type="application/json"]').textContent);
    return this.variantData;
  }

  onVariantChange() {
    const options = Array.from(this.querySelectorAll('select'), (select) => select.value);
    this.currentVariant = this.getVariantData().find((v) => v.option1 === options[0]);
    if (!this.currentVariant) return this.toggleAddButton(true, 'Unavailable');
    const section = this.dataset.section;
    const form = document.getElementById(`product-form-${section}`);
    const idInput = form.querySelector('input[name="id"]');
    idInput.value = this.currentVariant.id;
    idInput.dispatchEvent(new Event('change', { bubbles: true }));
    document.getElementById(`price-${section}`).textContent = this.currentVariant.price;
    this.toggleAddButton(!this.currentVariant.available, 'Sold out');
  }

  // As in Dawn: enabling the button is a plain removeAttribute('disabled').
  toggleAddButton(disable = true, text) {
    const productForm = document.getElementById(`product-form-${this.dataset.section}`);
    if (!productForm) return;
    const addButton = productForm.querySelector('[name="add"]');
    const addButtonText = productForm.querySelector('[name="add"] > span');
    if (!addButton) return;
    if (disable) {
      addButton.setAttribute('disabled', 'disabled');
      if (text) addButtonText.textContent = text;
    } else {
      addButton.removeAttribute('disabled');
      addButtonText.textContent = 'Add to cart';
    }
  }
}
customElements.define('variant-selects', VariantSelects);
