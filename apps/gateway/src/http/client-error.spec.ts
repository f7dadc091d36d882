import { Duplex, PassThrough } from 'node:stream';
import { answerClientError, clientErrorResponse } from './client-error';

describe('answers to requests Node refuses to parse', () => {
  const answerTo = (code: string | undefined) => {
    const socket = new PassThrough();
    const written: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => written.push(chunk));
    answerClientError(Object.assign(new Error('parse error'), { code }), socket);
    return { socket, text: () => Buffer.concat(written).toString('latin1') };
  };

  it('is an OAuth invalid_request with the usual headers, closing the connection', () => {
    const response = clientErrorResponse(400, 'The request is not well-formed HTTP');
    const [head, body] = response.split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual([
      'HTTP/1.1 400 Bad Request',
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'cache-control: no-store',
      'x-content-type-options: nosniff',
      'x-frame-options: DENY',
      "content-security-policy: frame-ancestors 'none'",
      'connection: close',
    ]);
    expect(JSON.parse(body)).toEqual({
      error: 'invalid_request',
      error_description: 'The request is not well-formed HTTP',
    });
  });

  it.each([
    ['HPE_HEADER_OVERFLOW', 'HTTP/1.1 431 Request Header Fields Too Large'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 'HTTP/1.1 408 Request Timeout'],
    ['HPE_INVALID_HEADER_TOKEN', 'HTTP/1.1 400 Bad Request'],
    [undefined, 'HTTP/1.1 400 Bad Request'],
  ])('answers %s with "%s"', async (code, statusLine) => {
    const { socket, text } = answerTo(code);
    await new Promise((resolve) => socket.once('finish', resolve));
    expect(text().split('\r\n')[0]).toBe(statusLine);
  });

  it('keeps draining a refused request that goes on arriving, instead of resetting the connection', async () => {
    // A connection's two directions, as a TCP socket's: the answer is written and ended while the rest of the
    // request still arrives.
    const written: Buffer[] = [];
    const socket = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk);
        done();
      },
    });
    socket.on('error', () => undefined); // as Node's HTTP server does for a connection it refused
    const refuse = () =>
      answerClientError(Object.assign(new Error('parse error'), { code: 'HPE_HEADER_OVERFLOW' }), socket);
    refuse();
    await new Promise((resolve) => socket.once('finish', resolve));
    // Node's parser refuses each further chunk of the same request and calls the handler again.
    socket.push('more of the overlong request line');
    refuse();
    expect(socket.destroyed).toBe(false);
    const answer = Buffer.concat(written).toString('latin1');
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    socket.destroy();
  });

  it('writes nothing to a connection the peer reset', () => {
    const { text } = answerTo('ECONNRESET');
    expect(text()).toBe('');
  });
});
