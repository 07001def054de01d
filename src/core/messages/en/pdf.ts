// English messages for the pdf checks (keys: '<checkId>.<result>').
export const pdf: Record<string, string> = {};
