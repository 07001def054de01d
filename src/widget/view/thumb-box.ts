// The box a row's preview sits in, shared by the preview (Thumbnail.tsx, a chunk of its own) and
// the placeholder the row shows until that chunk has loaded, so the row never shifts.
// Sizing is set through the CSSOM (allowed under a strict CSP): the row needs no stylesheet rules.

/** Long side of the preview in CSS pixels. */
export const SHOWN_PX = 40;

export const thumbBox = {
  display: 'inline-grid',
  placeItems: 'center',
  flex: '0 0 auto',
  width: `${SHOWN_PX}px`,
  height: `${SHOWN_PX}px`,
  borderRadius: '4px',
  overflow: 'hidden',
  background: 'color-mix(in srgb, currentColor 6%, transparent)',
  color: 'var(--_muted, #5b6270)',
} as const;
