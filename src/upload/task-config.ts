// The contract between the upload queue and each task: the settings it passes down and what a
// task reports back up.

import type { HttpStack } from 'tus-js-client';
import type { ChunkSizeOptions } from './chunk-size';
import type { UrlStorage } from './storage';
import type { UploadTask } from './task';

export interface TaskConfig {
  endpoint: string;
  headers?: () => Record<string, string>;
  /** A fixed size is min = max = initial. */
  chunkSize: ChunkSizeOptions;
  retryDelays: number[];
  maxRetries: number;
  stallTimeoutMs: number;
  progressIntervalMs: number;
  storage: UrlStorage;
  httpStack: HttpStack;
}

/** What a task needs from its queue. */
export interface TaskHost {
  readonly config: TaskConfig;
  isOnline(): boolean;
  taskStateChanged(task: UploadTask): void;
  taskProgressed(task: UploadTask): void;
}
