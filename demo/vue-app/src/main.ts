// Hydrates the page the server rendered (see entry-server.ts).
import { createSSRApp } from 'vue';
import ProductForm from './ProductForm.vue';

const endpoint = new URLSearchParams(location.search).get('endpoint') ?? undefined;
createSSRApp(ProductForm, { endpoint }).mount('#app');
