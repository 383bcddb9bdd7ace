// Finds processes that a test's code-server started (its process group), e.g. the language server.
import { readFileSync, readdirSync } from 'node:fs';

/** Pids in process group `group` whose command line contains `needle`. */
export function groupProcesses(group: number, needle: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // Fields after "(comm)": state ppid pgrp ...
        const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
        return pgrp === group && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false; // it ended while we looked
      }
    })
    .map(Number);
}
