// English messages for intake (acceptance, cardinality, errors).
export const intake: Record<string, string> = {};
