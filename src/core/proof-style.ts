// The proof's marks, one home for the page renderer (workers/render-page.ts draws them on the
// canvas) and the legend (src/widget/view/ProofView.tsx, also shown in the portal), so the legend
// always names what the page shows. Line style is the primary cue (trim solid, bleed dashed, safe
// zone dotted), colour the second; finding boxes are a translucent fill with an outline.
// Pure data: no DOM, no I/O.

export interface MarkStyle {
  color: string;
  /** Line width in canvas pixels (the legend draws the same). */
  width: number;
  /** Dash pattern in pixels; empty for a solid line. */
  dash: readonly number[];
}

export const PROOF_STYLE = {
  trim: { color: '#d6006f', width: 2, dash: [] },
  bleed: { color: '#0072c6', width: 2, dash: [10, 6] },
  safe: { color: '#008a3e', width: 2, dash: [2, 4] },
  /** A finding's box: this colour for the outline, and at `fillOpacity` for the fill. */
  finding: { color: '#e00000', width: 2, dash: [], fillOpacity: 0.22 },
} as const satisfies Record<string, MarkStyle & { fillOpacity?: number }>;

export type ProofMark = keyof typeof PROOF_STYLE;
