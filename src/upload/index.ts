// Public surface of the upload layer (framework-free; the widget subscribes with onChange).
export { createUploadQueue, DEFAULT_RETRY_DELAYS } from './queue';
export type { UploadQueue, UploadQueueOptions, QueueTotals } from './queue';
export { defaultFingerprint } from './handle';
export type { UploadHandle, UploadInput, UploadState } from './handle';
export type { UploadError, UploadErrorCode } from './errors';
export { createRateEstimator, estimateEtaSeconds, makeProgress, percentOf } from './progress';
export type { UploadProgress, RateEstimator } from './progress';
export {
  createKeyValueUrlStorage,
  createMemoryUrlStorage,
  createMemoryKeyValueStore,
  defaultUrlStorage,
  forgetFingerprint,
} from './storage';
export type { UrlStorage, StoredUpload, KeyValueStore } from './storage';
export { alwaysOnline, browserOnlineSource, createManualOnlineSource } from './online';
export type { OnlineSource } from './online';
