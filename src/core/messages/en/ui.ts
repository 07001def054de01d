// English UI strings of the widget (labels, statuses, buttons).
export const ui: Record<string, string> = {};
