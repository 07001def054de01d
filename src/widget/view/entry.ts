// The widget's view as one lazily loaded unit: it loads at mount, alongside the workflow (the
// widget has nothing to show before the workflow is known), while the gate in the script-tag
// bundle holds the cart buttons closed.
export { App } from './App';
export { styles } from './styles';
