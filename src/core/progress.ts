// Upload progress as the widget shows it and hosts read it: one home for the shapes the upload
// queue produces and the view renders (the arithmetic lives in src/upload/progress.ts).

/** One file's upload progress. */
export interface UploadProgress {
  bytesSent: number;
  bytesTotal: number;
  /** 0..100, one decimal. */
  percent: number;
  /** Smoothed bytes per second; 0 when nothing is moving. */
  rateBps: number;
  /** Seconds left at the current rate; null while the rate is unknown (nothing measured yet or stalled). */
  etaSeconds: number | null;
}

/** Whole-job upload progress: sums over every upload that is not cancelled or failed. */
export interface UploadTotals extends UploadProgress {
  /** Uploads holding a slot (uploading, retrying, stalled, offline). */
  active: number;
  queued: number;
}
