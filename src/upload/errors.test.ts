import { describe, expect, it } from 'vitest';
import { classifyUploadError, messageFromBody } from './errors';

const httpError = (status: number | null, body = '') => ({
  message: 'tus: unexpected response',
  originalRequest: {},
  originalResponse: status === null ? null : { getStatus: () => status, getBody: () => body },
});

describe('classifyUploadError', () => {
  it('retries network failures and 5xx', () => {
    expect(classifyUploadError(httpError(null))).toMatchObject({ retryable: true, error: { code: 'upload_failed' } });
    expect(classifyUploadError(httpError(503))).toMatchObject({ retryable: true, error: { code: 'upload_failed', status: 503 } });
  });

  it('retries the transient 4xx: conflict, locked, rate limited', () => {
    for (const s of [409, 423, 429]) expect(classifyUploadError(httpError(s)).retryable).toBe(true);
  });

  it('makes other 4xx final refusals with the server message', () => {
    const json = JSON.stringify({ error: { code: 'file_too_large', message: 'Files up to 50 MB are accepted' } });
    expect(classifyUploadError(httpError(413, json))).toEqual({
      retryable: false,
      error: { code: 'upload_refused', message: 'Files up to 50 MB are accepted', status: 413 },
    });
    expect(classifyUploadError(httpError(415, 'Unsupported type\n')).error.message).toBe('Unsupported type');
    expect(classifyUploadError(httpError(403)).error.message).toBe('The server refused the upload (HTTP 403)');
  });

  it('does not retry errors that are not HTTP failures', () => {
    expect(classifyUploadError(new Error('source is done after 10 bytes'))).toEqual({
      retryable: false,
      error: { code: 'upload_failed', message: 'source is done after 10 bytes' },
    });
  });
});

describe('messageFromBody', () => {
  it('understands the common JSON shapes and plain text', () => {
    expect(messageFromBody('{"error":"nope"}')).toBe('nope');
    expect(messageFromBody('{"message":"m"}')).toBe('m');
    expect(messageFromBody('  ')).toBeNull();
    expect(messageFromBody('x'.repeat(400))).toHaveLength(301);
  });
});
