// Which calendar a new booking starts on: the contact owner's personal calendar (they usually take the
// meeting), else your own, else one of your teams', else the first in the list.
import type { CalendarDto } from './appointments.api.ts';

export function defaultCalendar(
  calendars: readonly CalendarDto[],
  { ownerId, me }: { ownerId?: string; me: { id: string; teamIds: readonly string[] } },
): CalendarDto | undefined {
  const personalOf = (userId: string | undefined) =>
    userId ? calendars.find((c) => !c.team && c.owner?.id === userId) : undefined;
  return (
    personalOf(ownerId) ??
    personalOf(me.id) ??
    calendars.find((c) => c.team && me.teamIds.includes(c.team.id)) ??
    calendars[0]
  );
}
