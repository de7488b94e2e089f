// Failure codes: what the fetcher's results become in a run's errors, and back from a failed job's reason.
import { describe, expect, it } from 'vitest';
import { fetchFailureCode, formatRunError, parseRunError } from '../../workers/failures.js';

const error = (reason: string, httpStatus?: number) =>
  ({ status: 'error', url: 'http://a.gov.cn/x', retryable: true, reason, httpStatus }) as const;
const blocked = (reason: string) => ({ status: 'blocked', url: 'http://a.gov.cn/x', reason }) as const;

describe('failure codes', () => {
  it('sorts fetch failures by what happened', () => {
    expect(fetchFailureCode(error('network: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:9'))).toBe('unreachable');
    expect(fetchFailureCode(error('network: ENOTFOUND getaddrinfo ENOTFOUND nosuch.invalid'))).toBe('unreachable');
    expect(fetchFailureCode(error('timeout: no response headers in time'))).toBe('timeout');
    expect(fetchFailureCode(error('robots.txt unavailable: timeout: connect (x)'))).toBe('timeout');
    expect(fetchFailureCode(error('robots.txt unavailable: network: ECONNRESET'))).toBe('unreachable');
    expect(fetchFailureCode(error('robots.txt unavailable (HTTP 503)'))).toBe('http_5xx');
    expect(fetchFailureCode(error('HTTP 503', 503))).toBe('http_5xx');
    expect(fetchFailureCode(error('HTTP 404 (not retried)', 404))).toBe('http_4xx');
    expect(fetchFailureCode(error('redirect loop: http://a.gov.cn/x again', 302))).toBe('bad_redirect');
    expect(fetchFailureCode(error('too large: aborted past the 10-byte cap (Content-Length 99)'))).toBe('too_large');
    expect(fetchFailureCode(blocked('robots.txt disallows /preview/ for gongkai'))).toBe('robots_disallowed');
    expect(fetchFailureCode(blocked('out of scope: b.gov.cn is not a host of site a'))).toBe('out_of_scope');
    expect(fetchFailureCode(blocked('unsupported scheme ftp:'))).toBe('bad_url');
    expect(fetchFailureCode(blocked('refused: x resolves to 10.0.0.1, a private/loopback/link-local address'))).toBe(
      'forbidden_address',
    );
    expect(fetchFailureCode(error('fetcher: something odd'))).toBe('internal');
  });

  it('round-trips through a failed job’s one-line reason', () => {
    const e = { code: 'http_5xx', url: 'http://a.gov.cn/files/r.pdf', message: 'HTTP 500' } as const;
    expect(formatRunError(e)).toBe('[http_5xx] http://a.gov.cn/files/r.pdf: HTTP 500');
    expect(parseRunError(formatRunError(e))).toEqual(e);
    expect(parseRunError('[worker_lost] the job is gone: x')).toEqual({
      code: 'worker_lost',
      message: 'the job is gone: x',
    });
    expect(parseRunError('job stalled more than allowable limit')).toEqual({
      code: 'worker_lost',
      message: 'job stalled more than allowable limit',
    });
    expect(parseRunError('connection terminated unexpectedly')).toEqual({
      code: 'internal',
      message: 'connection terminated unexpectedly',
    });
  });
});
