// An HTTP stack around tus-js-client's own that (1) silences requests of an abandoned attempt and
// (2) observes traffic for stall detection and byte accounting.
//
// Why silence: after abort(), a tus Upload whose start() is still resolving its fingerprint will
// send requests anyway, and late errors of an aborted request can arrive after the next attempt
// began. Each attempt gets its own guarded stack; once the attempt is abandoned its requests are
// never sent and its responses never delivered (the promise just stays pending).

import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';

export interface AttemptObserver {
  /** False once the attempt that owns this stack was abandoned. */
  isCurrent(): boolean;
  /** Any sign of life: a request sent, bytes written, a response received. */
  onActivity(): void;
  /** A request body handed to the network, counted in full (an upper bound on the wire bytes). */
  onBodySent(bytes: number): void;
  /** A response that arrived after the attempt was abandoned (it is not delivered to tus). */
  onStaleResponse?(req: HttpRequest, res: HttpResponse): void;
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});

function bodySize(body: unknown): number {
  if (body == null) return 0;
  const b = body as { size?: number; byteLength?: number; length?: number };
  return b.size ?? b.byteLength ?? b.length ?? 0;
}

export function createGuardedHttpStack(inner: HttpStack, observer: AttemptObserver): HttpStack {
  return {
    getName: () => `Guarded(${inner.getName()})`,
    createRequest(method, url) {
      const req = inner.createRequest(method, url);
      const guarded: HttpRequest = {
        getMethod: () => req.getMethod(),
        getURL: () => req.getURL(),
        setHeader: (h, v) => req.setHeader(h, v),
        getHeader: (h) => req.getHeader(h),
        setProgressHandler(handler) {
          req.setProgressHandler((bytesSent) => {
            if (!observer.isCurrent()) return;
            observer.onActivity();
            handler(bytesSent);
          });
        },
        send(body: unknown): Promise<HttpResponse> {
          if (!observer.isCurrent()) return never();
          observer.onActivity();
          observer.onBodySent(bodySize(body));
          return req.send(body).then(
            (res) => {
              if (!observer.isCurrent()) {
                observer.onStaleResponse?.(guarded, res);
                return never<HttpResponse>();
              }
              observer.onActivity();
              return res;
            },
            (err: unknown) => {
              if (!observer.isCurrent()) return never<HttpResponse>();
              throw err;
            },
          );
        },
        abort: () => req.abort(),
        getUnderlyingObject: () => req.getUnderlyingObject(),
      };
      return guarded;
    },
  };
}
