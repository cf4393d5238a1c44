// A minimal LSP client over stdio for the peer benchmark: framing, requests, the server's own requests,
// waiting for notifications, and the server's memory from /proc. Any protocol error fails the run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const uri = (path) => pathToFileURL(path).href;

export class Lsp {
  constructor(name, command, args, { cwd, env } = {}) {
    this.name = name;
    this.nextId = 1;
    this.pending = new Map();
    this.handlers = new Map();
    this.waiters = new Set();
    this.received = new Map();
    this.logErrors = [];
    this.stderr = '';
    this.failure = null;
    this.closing = false;
    this.buffer = Buffer.alloc(0);
    this.child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    this.child.stdout.on('data', (chunk) => this.#receive(chunk));
    this.child.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.child.stdin.on('error', (e) => this.fail(new Error(`${name}: writing to the server failed: ${e.message}`)));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        if (!this.closing) this.fail(new Error(`${name} exited unexpectedly (code ${code}, signal ${signal})`));
        resolve();
      });
    });
  }

  /** Answers the server's requests of this method; a request nobody handles fails the run. */
  handle(method, fn) {
    this.handlers.set(method, fn);
  }

  fail(error) {
    if (this.failure) return;
    if (this.stderr) error.message += `\n--- ${this.name} stderr (tail) ---\n${this.stderr}`;
    this.failure = error;
    for (const { reject } of this.pending.values()) reject(error);
    for (const waiter of this.waiters) waiter.reject(error);
    this.pending.clear();
    this.waiters.clear();
  }

  #send(message) {
    if (this.failure) throw this.failure;
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  notify(method, params) {
    this.#send({ method, params });
  }

  request(method, params, timeoutMs = 60_000) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (f) => (value) => {
        clearTimeout(timer);
        f(value);
      };
      this.pending.set(id, { method, resolve: done(resolve), reject: done(reject) });
      this.#send({ id, method, params });
    });
  }

  /** Resolves with the first notification matching `predicate` (register it before sending the trigger). */
  waitFor(what, predicate, timeoutMs = 60_000) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (m) => {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(waiter.timer);
          reject(e);
        },
      };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** `promise`, or an error if the server fails or it takes longer than `timeoutMs`. */
  guard(promise, what, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const waiter = { predicate: () => false, resolve: () => {}, reject };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = (f) => (value) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        f(value);
      };
      this.waiters.add(waiter);
      promise.then(settle(resolve), settle(reject));
    });
  }

  #receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const header = this.buffer.subarray(0, end).toString('ascii');
      const match = /Content-Length: *(\d+)/i.exec(header);
      if (!match) return this.fail(new Error(`${this.name}: a message without Content-Length: ${header}`));
      const length = Number(match[1]);
      if (this.buffer.length < end + 4 + length) return;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      let message;
      try {
        message = JSON.parse(body);
      } catch (e) {
        return this.fail(new Error(`${this.name}: invalid JSON from the server: ${e.message}`));
      }
      this.#dispatch(message);
    }
  }

  #dispatch(message) {
    if (message.method !== undefined) this.received.set(message.method, (this.received.get(message.method) ?? 0) + 1);
    if (message.id !== undefined && message.method !== undefined) return this.#serve(message);
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      if (!call) return this.fail(new Error(`${this.name}: an answer to unknown request ${message.id}`));
      this.pending.delete(message.id);
      if (message.error) {
        const error = new Error(`${this.name}: ${call.method} failed: ${message.error.code} ${message.error.message}`);
        error.code = message.error.code;
        return call.reject(error);
      }
      return call.resolve(message.result);
    }
    if (message.method === 'window/logMessage' && message.params?.type === 1) this.logErrors.push(message.params.message);
    for (const waiter of this.waiters) {
      if (waiter.predicate(message)) {
        waiter.resolve(message);
        break;
      }
    }
  }

  #serve({ id, method, params }) {
    const handler = this.handlers.get(method);
    if (!handler) {
      this.#send({ id, error: { code: -32601, message: `the benchmark client does not handle ${method}` } });
      return this.fail(new Error(`${this.name} sent a request the benchmark does not expect: ${method} ${JSON.stringify(params).slice(0, 300)}`));
    }
    Promise.resolve()
      .then(() => handler(params))
      .then(
        (result) => this.#send({ id, result: result ?? null }),
        (e) => this.fail(new Error(`${this.name}: answering ${method} failed: ${e.stack ?? e}`)),
      )
      .catch(() => {}); // a write after a failure: the failure is already recorded
  }

  /** VmRSS and VmHWM of the server process in KiB. */
  memory() {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  }

  async shutdown() {
    await this.request('shutdown', null, 10_000);
    this.closing = true;
    this.notify('exit', null);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 5_000));
    if ((await Promise.race([this.exited, timeout])) === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`${this.name} did not exit within 5 s of exit`);
    }
  }

  /** Ends the process after a failure (it is ours). */
  kill() {
    this.closing = true;
    this.child.kill('SIGKILL');
  }
}
