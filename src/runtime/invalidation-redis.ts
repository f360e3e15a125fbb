/**
 * Redis's side of the invalidation bus (when REDIS_URL is set): invalidations are published after
 * commit, for nodes that share a cache policy. ioredis reconnects by itself (with backoff); the
 * subscription is made again on every connection, and after a lost one the page cache is dropped
 * (publishes may have been missed).
 */
import type { Redis } from 'ioredis';
import type { BusObserver } from './bus-observer.js';
import { CHANNEL, RECONNECT_MAX_MS } from './invalidation-pg.js';

export class RedisRelay {
  private stopped = false;
  /** The subscription was lost: publishes may have been missed until it is made again. */
  private deaf = false;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    /** This process's prefix of messages, so it can skip its own. */
    private readonly origin: string,
  ) {}

  /** Connects and subscribes; Redis away at boot is no reason not to serve (it subscribes when Redis answers). */
  static async start(url: string, origin: string, apply: (tags: string[]) => void, observer: BusObserver): Promise<RedisRelay> {
    const { Redis } = await import('ioredis');
    const options = { maxRetriesPerRequest: 2, autoResubscribe: false, retryStrategy: (times: number) => Math.min(times * 200, RECONNECT_MAX_MS) };
    const relay = new RedisRelay(new Redis(url, options), new Redis(url, options), origin);
    const { pub, sub } = relay;
    pub.on('error', (err: Error) => observer.connectionError('redis', err));
    sub.on('error', (err: Error) => observer.connectionError('redis-subscriber', err));
    sub.on('close', () => {
      if (!relay.stopped) relay.deaf = true;
    });
    sub.on('message', (_ch, msg: string) => {
      const sep = msg.indexOf(' ');
      if (msg.slice(0, sep) === origin) return;
      apply(msg.slice(sep + 1).split(' '));
    });
    await new Promise<void>((resolve) => {
      sub.on('ready', () => {
        sub.subscribe(CHANNEL).then(
          () => {
            if (relay.deaf) {
              relay.deaf = false;
              observer.notice('subscribed to Redis again: dropped every cached page (invalidations may have been missed)');
              apply(['*']);
            }
            resolve();
          },
          (err: Error) => observer.connectionError('redis-subscriber', err),
        );
      });
      sub.once('error', () => resolve());
    });
    return relay;
  }

  /** `ready`, or `reconnecting` while the subscription is lost. */
  get state(): 'ready' | 'reconnecting' {
    return this.sub.status === 'ready' && !this.deaf ? 'ready' : 'reconnecting';
  }

  /** Tells the other nodes; a failure is counted, never thrown. */
  publish(joined: string, onError: (err: Error) => void): void {
    this.pub.publish(CHANNEL, `${this.origin} ${joined}`).catch(onError);
  }

  stop(): void {
    this.stopped = true;
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
