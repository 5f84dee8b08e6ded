// Parse an .ics file with ical.js (Mozilla's parser) and print its events as JSON.
// Usage: node parse_ics.mjs FILE
// Each event: uid, summary, dtstart/dtend as ical.js prints them (local time,
// "Z" for UTC, a bare date for all-day), the TZID, the UTC instant in epoch
// seconds (computed with the file's own VTIMEZONE) and, for a repeating
// event, how many occurrences its RRULE yields.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: node parse_ics.mjs FILE");
  process.exit(2);
}
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}

const describe = (component, name) => {
  const property = component.getFirstProperty(name);
  if (!property) return null;
  const value = property.getFirstValue();
  return {
    text: value.toString(),
    tzid: property.getParameter("tzid") ?? null,
    isDate: value.isDate,
    epoch: value.isDate ? null : value.toUnixTime(),
  };
};

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  let occurrences = null;
  if (event.isRecurring()) {
    occurrences = 0;
    const iterator = event.iterator();
    while (iterator.next() && occurrences < 10000) occurrences += 1;
  }
  return {
    uid: event.uid,
    summary: event.summary,
    dtstart: describe(vevent, "dtstart"),
    dtend: describe(vevent, "dtend"),
    dtstamp: vevent.getFirstPropertyValue("dtstamp")?.toString() ?? null,
    occurrences,
  };
});
console.log(JSON.stringify({ version: calendar.getFirstPropertyValue("version"), events }, null, 1));
