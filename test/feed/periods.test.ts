import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, isoWeekOf, isWeekend, parseDay, parseMonth, parseWeek, periodLabel, shiftPeriod } from '../../src/feed/periods.ts';

test('days: real dates only', () => {
  assert.deepEqual(parseDay('2025-12-25'), { kind: 'day', key: '2025-12-25', from: '2025-12-25', to: '2025-12-25' });
  for (const bad of ['2025-02-30', '2025-13-01', '25-12-25', '2025-12-25x', '', '2024-02-30']) assert.equal(parseDay(bad), undefined, bad);
  assert.ok(parseDay('2024-02-29'));
  assert.equal(addDays('2024-02-28', 2), '2024-03-01');
});

test('ISO weeks: Monday to Sunday, across year boundaries', () => {
  assert.deepEqual(parseWeek('2025-W52'), { kind: 'week', key: '2025-W52', from: '2025-12-22', to: '2025-12-28' });
  assert.deepEqual(parseWeek('2026-W01'), { kind: 'week', key: '2026-W01', from: '2025-12-29', to: '2026-01-04' });
  assert.equal(parseWeek('2020-W53')?.from, '2020-12-28');
  assert.equal(parseWeek('2025-W53'), undefined, '2025 has 52 weeks');
  assert.equal(parseWeek('2025-W00'), undefined);
  assert.equal(isoWeekOf('2025-12-25'), '2025-W52');
  assert.equal(isoWeekOf('2027-01-01'), '2026-W53');
});

test('months and shifting periods', () => {
  assert.deepEqual(parseMonth('2024-02'), { kind: 'month', key: '2024-02', from: '2024-02-01', to: '2024-02-29' });
  assert.equal(parseMonth('2024-13'), undefined);
  assert.equal(parseMonth('2024-00'), undefined);
  assert.equal(shiftPeriod(parseMonth('2025-12')!, 1).key, '2026-01');
  assert.equal(shiftPeriod(parseMonth('2025-01')!, -1).key, '2024-12');
  assert.equal(shiftPeriod(parseWeek('2025-W52')!, 1).key, '2026-W01');
  assert.equal(periodLabel(parseMonth('2025-12')!), 'December 2025');
  assert.equal(periodLabel(parseDay('2025-12-25')!), 'Thu, Dec 25, 2025');
  assert.ok(isWeekend('2025-12-27') && isWeekend('2025-12-28') && !isWeekend('2025-12-26'));
});
