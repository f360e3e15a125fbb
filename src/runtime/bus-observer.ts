/** Where the invalidation bus reports what goes wrong with its connections (server: the log and /metrics). */
export interface BusObserver {
  connectionError(source: string, err: Error): void;
  notice(message: string, fields?: Record<string, unknown>): void;
}

/** An observer that hears nothing (a bus in a test). */
export const quiet: BusObserver = { connectionError() {}, notice() {} };
