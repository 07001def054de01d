// English messages for the raster checks (keys: '<checkId>.<result>').
export const raster: Record<string, string> = {};
