/**
 * RDS's daily backup window and weekly maintenance window: their grammar, and when they overlap.
 * Source: Amazon RDS API Reference, CreateDBInstance, PreferredBackupWindow ("Must be in the format
 * hh24:mi-hh24:mi. Must be in Universal Coordinated Time (UTC). Must not conflict with the preferred
 * maintenance window. Must be at least 30 minutes.") and PreferredMaintenanceWindow ("Format:
 * ddd:hh24:mi-ddd:hh24:mi ... Valid Days: Mon, Tue, Wed, Thu, Fri, Sat, Sun. Constraints: Minimum 30-minute
 * window."); Amazon RDS User Guide, "Maintaining a DB instance" (the maintenance window is at most 24 hours).
 * Checked 2026-11-29. Pure.
 */
export const MINIMUM_WINDOW_MINUTES = 30;
export const MAXIMUM_MAINTENANCE_WINDOW_MINUTES = 24 * 60;

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY = 24 * 60;
const WEEK = 7 * DAY;
const BACKUP_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const MAINTENANCE_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;

/** Length in minutes of a daily "hh:mm-hh:mm" window; it may wrap past midnight. */
export function windowMinutes(window: string): number {
  const [start, end] = window.split("-").map((hhmm) => {
    const [h, m] = hhmm.split(":").map(Number);
    return h * 60 + m;
  });
  return (end - start + DAY) % DAY;
}

/** [start, end) minutes of the week for "ddd:hh:mm-ddd:hh:mm"; end may pass the week's end. */
export function weeklyWindow(window: string): [number, number] {
  const [start, end] = window.split("-").map((part) => {
    const [day, h, m] = part.split(":");
    return DAYS.indexOf(day) * DAY + Number(h) * 60 + Number(m);
  });
  return [start, end > start ? end : end + WEEK];
}

/** A backup window RDS accepts: "hh:mm-hh:mm" UTC, at least 30 minutes. */
export function isBackupWindow(window: string): boolean {
  return BACKUP_WINDOW.test(window) && windowMinutes(window) >= MINIMUM_WINDOW_MINUTES;
}

/** A maintenance window RDS accepts: "ddd:hh:mm-ddd:hh:mm" UTC, 30 minutes to 24 hours. */
export function isMaintenanceWindow(window: string): boolean {
  if (!MAINTENANCE_WINDOW.test(window)) return false;
  const [start, end] = weeklyWindow(window);
  return end - start >= MINIMUM_WINDOW_MINUTES && end - start <= MAXIMUM_MAINTENANCE_WINDOW_MINUTES;
}

/** Does the weekly maintenance window overlap the daily backup window on any day? */
export function windowsOverlap(maintenanceWindow: string, backupWindow: string): boolean {
  const [mStart, mEnd] = weeklyWindow(maintenanceWindow);
  const bStart = windowMinutes(`00:00-${backupWindow.split("-")[0]}`);
  const bLength = windowMinutes(backupWindow);
  for (let day = -1; day <= 7; day++) {
    const start = day * DAY + bStart;
    const end = start + bLength;
    for (const shift of [0, WEEK, -WEEK]) {
      if (start + shift < mEnd && mStart < end + shift) return true;
    }
  }
  return false;
}
