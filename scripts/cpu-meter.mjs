// CPU seconds (user + system) spent by one test process and everything it started: Chromium's
// renderers, Java, `gazette` processes. Wall time grows when the machine is busy with something
// else; CPU time hardly does, so runs are compared by it.
//
// Where the runner may make control groups (root, as in CI), each test process gets one, and its
// figure is the group's own count, which includes processes that outlive their parent (Chromium's
// renderers are never reaped by the test process, so nothing else sees them). Elsewhere the figure
// is what the kernel credits to the runner when it reaps the process (fields 16 and 17 of
// /proc/self/stat): the test process and the children it waited for, Chromium's renderers not
// included, which the summary says.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GROUP_ROOTS = [
  // cgroup v1: cpuacct.usage in nanoseconds
  { dir: '/sys/fs/cgroup/cpuacct', read: (g) => Number(readFileSync(join(g, 'cpuacct.usage'), 'utf8')) / 1e9 },
  // cgroup v2: usage_usec in cpu.stat
  ...['/sys/fs/cgroup/unified', '/sys/fs/cgroup'].map((dir) => ({
    dir,
    read: (g) => Number(/usage_usec (\d+)/.exec(readFileSync(join(g, 'cpu.stat'), 'utf8'))?.[1]) / 1e6,
  })),
];

/** Clock ticks credited to this process for its reaped children, in seconds (Linux: 100 a second). */
function reapedSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** The first control-group root where a group can be made and its count read, or null. */
function groupRoot() {
  for (const root of GROUP_ROOTS) {
    const probe = join(root.dir, `gazette-test-${process.pid}-probe`);
    try {
      mkdirSync(probe);
      try {
        if (Number.isFinite(root.read(probe))) return root;
      } finally {
        rmdirSync(probe);
      }
    } catch {
      // not this one
    }
  }
  return null;
}

/**
 * `how` names what the figures cover; `start(pid)` begins counting one test process and returns
 * `stop()`, which gives its CPU seconds (or null) once the process has ended.
 */
export function cpuMeter() {
  const root = groupRoot();
  if (root) {
    let n = 0;
    return {
      how: 'each test process with everything it started (a control group each)',
      start(pid) {
        const group = join(root.dir, `gazette-test-${process.pid}-${++n}`);
        try {
          mkdirSync(group);
          writeFileSync(join(group, 'cgroup.procs'), String(pid));
        } catch {
          return () => null;
        }
        return () => {
          try {
            const seconds = root.read(group);
            // Empty once every process in it has ended; a straggler keeps it (and is counted so far).
            try {
              rmdirSync(group);
            } catch {}
            return seconds;
          } catch {
            return null;
          }
        };
      },
    };
  }
  let seen = reapedSeconds();
  return {
    how: "the test processes and the children they waited for (not Chromium's renderers: no control groups here)",
    start() {
      return () => {
        const now = reapedSeconds();
        if (now === null || seen === null) return null;
        const seconds = now - seen;
        seen = now;
        return seconds;
      };
    },
  };
}
