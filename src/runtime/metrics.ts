/**
 * Prometheus metrics: requests and latency by route, page-cache hits and misses. Counting is a few
 * integer increments per request; text is built only when /metrics is read.
 */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface RouteStats {
  byStatus: Map<number, number>;
  buckets: number[];
  sum: number;
  count: number;
}

export class Metrics {
  private readonly routes = new Map<string, RouteStats>();
  /** Broken connections by whose they were (`pool`, `listener`, `redis`…). */
  private readonly connectionErrors = new Map<string, number>();
  /** Requests answered 503 because the database was out of reach. */
  unavailable = 0;
  readonly started = Date.now();

  /** Counts one broken connection of `source`. */
  connectionError(source: string): void {
    this.connectionErrors.set(source, (this.connectionErrors.get(source) ?? 0) + 1);
  }

  /** Records one request: `seconds` from arrival to the end of the response. */
  observe(route: string, status: number, seconds: number): void {
    let r = this.routes.get(route);
    if (!r) this.routes.set(route, (r = { byStatus: new Map(), buckets: new Array(BUCKETS.length).fill(0), sum: 0, count: 0 }));
    r.byStatus.set(status, (r.byStatus.get(status) ?? 0) + 1);
    r.sum += seconds;
    r.count++;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) r.buckets[i]++;
  }

  /** The exposition text; `extra` adds gauges computed at read time. */
  render(extra: { name: string; help: string; type: 'gauge' | 'counter'; values: [Record<string, string>, number][] }[]): string {
    const lines: string[] = [];
    lines.push('# HELP gazette_http_requests_total HTTP requests by route and status.');
    lines.push('# TYPE gazette_http_requests_total counter');
    for (const [route, r] of this.routes)
      for (const [status, n] of r.byStatus) lines.push(`gazette_http_requests_total{route="${route}",status="${status}"} ${n}`);
    lines.push('# HELP gazette_http_request_duration_seconds Time to answer, by route.');
    lines.push('# TYPE gazette_http_request_duration_seconds histogram');
    for (const [route, r] of this.routes) {
      for (const [i, b] of BUCKETS.entries()) lines.push(`gazette_http_request_duration_seconds_bucket{route="${route}",le="${b}"} ${r.buckets[i]}`);
      lines.push(`gazette_http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${r.count}`);
      lines.push(`gazette_http_request_duration_seconds_sum{route="${route}"} ${r.sum}`);
      lines.push(`gazette_http_request_duration_seconds_count{route="${route}"} ${r.count}`);
    }
    lines.push('# HELP gazette_connection_errors_total Connections to the database or Redis that broke or could not be made, by whose.');
    lines.push('# TYPE gazette_connection_errors_total counter');
    for (const [source, n] of this.connectionErrors) lines.push(`gazette_connection_errors_total{source="${source}"} ${n}`);
    lines.push('# HELP gazette_unavailable_responses_total Requests answered 503 because the database was out of reach.');
    lines.push('# TYPE gazette_unavailable_responses_total counter');
    lines.push(`gazette_unavailable_responses_total ${this.unavailable}`);
    for (const m of extra) {
      lines.push(`# HELP ${m.name} ${m.help}`);
      lines.push(`# TYPE ${m.name} ${m.type}`);
      for (const [labels, v] of m.values) {
        const l = Object.entries(labels)
          .map(([k, val]) => `${k}="${val}"`)
          .join(',');
        lines.push(`${m.name}${l ? `{${l}}` : ''} ${v}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}
