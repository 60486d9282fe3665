import { readFileSync } from "node:fs";
import type { BenchContext } from "./types";

// CPU use of the app's processes, of this process (the load generator or the peer) and of the whole machine,
// read from /proc between two moments: what a benchmark says limits a missed target.

export type CpuReading = { at: number; machineBusy: number; machineTotal: number; server: number; worker: number; self: number };

function processTicks(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
  } catch {
    return 0;
  }
}

export function readCpu(ctx: BenchContext): CpuReading {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + (cpu[4] ?? 0);
  const pids = ctx.processes();
  return {
    at: performance.now(),
    machineBusy: cpu.reduce((a, b) => a + b, 0) - idle,
    machineTotal: cpu.reduce((a, b) => a + b, 0),
    server: processTicks(pids.server),
    worker: processTicks(pids.worker),
    self: processTicks(process.pid),
  };
}

export type CpuUse = { serverPct: number; workerPct: number; selfPct: number; machineBusyPct: number };

/** % of one core per process, and % of the whole machine busy, between two readings. */
export function cpuBetween(a: CpuReading, b: CpuReading): CpuUse {
  const ms = Math.max(1, b.at - a.at);
  const pct = (ticks: number) => Math.round((ticks * 10 * 100) / ms);
  return {
    serverPct: pct(b.server - a.server),
    workerPct: pct(b.worker - a.worker),
    selfPct: pct(b.self - a.self),
    machineBusyPct: Math.round(((b.machineBusy - a.machineBusy) * 100) / Math.max(1, b.machineTotal - a.machineTotal)),
  };
}
