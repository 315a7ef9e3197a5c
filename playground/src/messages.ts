/** The messages between the page and the training worker. */

/** Page → worker. */
export type ToTrainer =
  | { readonly type: 'train'; readonly source: string; readonly baseUrl: string; readonly maxSteps: number; readonly batchSize: number; readonly seed: number }
  | { readonly type: 'stop' }
  | { readonly type: 'resume'; readonly maxSteps: number };

/** Grey-level images in [0, 1], `n` of them, each `side × side`, row-major. */
export interface ImageBatch {
  readonly n: number;
  readonly side: number;
  readonly pixels: Float32Array;
}

/** Worker → page. */
export type FromTrainer =
  | { readonly type: 'status'; readonly text: string }
  | { readonly type: 'backend'; readonly text: string; readonly isolated: boolean }
  | { readonly type: 'step'; readonly step: number; readonly elbo: number }
  | { readonly type: 'samples'; readonly images: ImageBatch }
  | { readonly type: 'reconstructions'; readonly originals: ImageBatch; readonly reconstructions: ImageBatch }
  | { readonly type: 'stopped'; readonly steps: number; readonly canResume: boolean }
  | { readonly type: 'error'; readonly message: string };
