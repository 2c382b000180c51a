// What the bell says, one table per UI language. The subscriber decides who hears of an entry and
// picks out its facts (names, titles, moments); these tables only word them for the recipient.

export type Language = 'en' | 'de';

export interface NotificationText {
  title: string;
  body: string;
}

/** Names as shown to the user; `null` where the entry does not say (each language words the gap its own way). */
type Name = string | null;

export interface NotificationTexts {
  /** A moment in the recipient's time zone, worded to stand inside a sentence; `null` if the entry has none. */
  when(date: Date | null, timeZone: string): string;
  /** Stands in for the contact's name when there is none (a task on no contact). */
  aContact: string;
  ownerChanged: {
    direct(f: { actor: string; contact: string; from: Name }): NotificationText;
    follower(f: { actor: string; contact: string; from: Name; to: Name }): NotificationText;
  };
  /** Many owner changes for one person in one transaction, summed up. */
  ownersChanged: {
    direct(f: { actor: string; count: number }): NotificationText;
    follower(f: { actor: string; count: number; to: Name }): NotificationText;
  };
  mentioned(f: { actor: string; contact: string; note: string }): NotificationText;
  mentionedInComment(f: { actor: string; contact: string; comment: string }): NotificationText;
  /** An email, text or WhatsApp from the contact (or from an unknown sender: no contact). */
  messageReceived(f: { contact: string; channel: string; subject: string; preview: string }): NotificationText;
  taskAssigned: {
    direct(f: { actor: string; contact: string; task: string; due: string | null }): NotificationText;
    follower(f: { actor: string; contact: string; task: string; assignee: Name; due: string | null }): NotificationText;
  };
  taskReassigned: {
    direct(f: { actor: string; contact: string; task: string }): NotificationText;
    follower(f: { actor: string; contact: string; task: string; assignee: Name }): NotificationText;
  };
  taskDue: {
    direct(f: { contact: string; task: string; due: string }): NotificationText;
    follower(f: { contact: string; task: string; due: string }): NotificationText;
  };
  appointmentBooked: {
    direct(f: { actor: string; contact: string; appointment: string; when: string }): NotificationText;
    follower(f: { contact: string; appointment: string; when: string; assignee: Name }): NotificationText;
  };
  /** An appointment handed from one person to another: news for the one who now has it. */
  appointmentHanded(f: { actor: string; contact: string; appointment: string; when: string }): NotificationText;
  /** A contact-list export prepared in the background is ready to download until `until`. */
  exportReady(f: { count: number; format: 'csv' | 'vcard'; until: Date; timeZone: string }): NotificationText;
}

/** Formats in the recipient's zone; a zone Intl does not know still yields the instant rather than no notification. */
function inZone(date: Date, format: () => string): string {
  try {
    return format();
  } catch {
    return date.toISOString();
  }
}

const en: NotificationTexts = {
  when: (date, timeZone) =>
    date
      ? inZone(date, () =>
          new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date),
        )
      : 'soon',
  aContact: 'a contact',
  ownerChanged: {
    direct: ({ actor, contact, from }) => ({
      title: `You are now the owner of ${contact}`,
      body: `${actor} changed the owner from ${from ?? 'nobody'} to you.`,
    }),
    follower: ({ actor, contact, from, to }) => ({
      title: `${contact} has a new owner: ${to ?? 'someone'}`,
      body: `${actor} changed the owner from ${from ?? 'nobody'} to ${to ?? 'someone'}.`,
    }),
  },
  ownersChanged: {
    direct: ({ actor, count }) => ({
      title: `You are now the owner of ${count} contacts`,
      body: `${actor} reassigned them.`,
    }),
    follower: ({ actor, count, to }) => ({
      title: `${count} contacts you follow have a new owner: ${to ?? 'someone'}`,
      body: `${actor} reassigned them.`,
    }),
  },
  mentioned: ({ actor, contact, note }) => ({ title: `${actor} mentioned you in a note on ${contact}`, body: note }),
  mentionedInComment: ({ actor, contact, comment }) => ({
    title: `${actor} mentioned you in a comment on ${contact}`,
    body: comment,
  }),
  messageReceived: ({ contact, channel, subject, preview }) => ({
    title: `New ${({ email: 'email', sms: 'SMS', whatsapp: 'WhatsApp message', call: 'call' } as Record<string, string>)[channel] ?? 'message'} from ${contact}`,
    body: subject && preview ? `${subject} — ${preview}` : subject || preview,
  }),
  taskAssigned: {
    direct: ({ actor, contact, task, due }) => ({
      title: `${actor} assigned you a task: ${task}`,
      body: `On ${contact}${due ? `, due ${due}` : ''}`,
    }),
    follower: ({ actor, contact, task, assignee, due }) => ({
      title: `New task on ${contact}: ${task}`,
      body: `${actor} assigned it to ${assignee ?? 'someone'}${due ? `, due ${due}` : ''}`,
    }),
  },
  taskReassigned: {
    direct: ({ actor, contact, task }) => ({ title: `${actor} assigned you a task: ${task}`, body: `On ${contact}` }),
    follower: ({ actor, contact, task, assignee }) => ({
      title: `Task on ${contact} reassigned: ${task}`,
      body: `${actor} assigned it to ${assignee ?? 'someone'}`,
    }),
  },
  taskDue: {
    direct: ({ contact, task, due }) => ({ title: `Task due: ${task}`, body: `On ${contact}, due ${due}` }),
    follower: ({ contact, task, due }) => ({ title: `Task due on ${contact}: ${task}`, body: `Due ${due}` }),
  },
  appointmentBooked: {
    direct: ({ actor, contact, appointment, when }) => ({
      title: `${actor} booked an appointment for you: ${appointment}`,
      body: `With ${contact}, ${when}`,
    }),
    follower: ({ contact, appointment, when, assignee }) => ({
      title: `Appointment booked with ${contact}: ${appointment}`,
      body: `${when} with ${assignee ?? 'someone'}`,
    }),
  },
  appointmentHanded: ({ actor, contact, appointment, when }) => ({
    title: `${actor} gave you an appointment: ${appointment}`,
    body: `With ${contact}, ${when}`,
  }),
  exportReady: ({ count, format, until, timeZone }) => ({
    title: 'Your contact export is ready',
    body: `${count.toLocaleString('en-GB')} ${count === 1 ? 'contact' : 'contacts'} as ${format === 'csv' ? 'CSV' : 'vCard'}, to download until ${en.when(until, timeZone)}`,
  }),
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// Formal "Sie", like the web app's German catalogs. `when` reads "am 04.03.2030 um 09:00".
const de: NotificationTexts = {
  when: (date, timeZone) =>
    date
      ? inZone(date, () => {
          const day = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone }).format(date);
          const time = new Intl.DateTimeFormat('de-DE', { timeStyle: 'short', timeZone }).format(date);
          return `am ${day} um ${time}`;
        })
      : 'demnächst',
  // Every sentence that can lack a contact (a task's) names it in the dative.
  aContact: 'einem Kontakt',
  ownerChanged: {
    direct: ({ actor, contact, from }) => ({
      title: `Sie sind jetzt für ${contact} zuständig`,
      body: from
        ? `${actor} hat den Kontakt von ${from} an Sie übergeben.`
        : `${actor} hat Ihnen den Kontakt übergeben.`,
    }),
    follower: ({ actor, contact, from, to }) => ({
      title: `${contact} hat einen neuen Inhaber: ${to ?? 'unbekannt'}`,
      body: from
        ? `${actor} hat den Kontakt von ${from} an ${to ?? 'jemand anderen'} übergeben.`
        : `${actor} hat den Kontakt an ${to ?? 'jemand anderen'} übergeben.`,
    }),
  },
  ownersChanged: {
    direct: ({ actor, count }) => ({
      title: `Sie sind jetzt für ${count} Kontakte zuständig`,
      body: `${actor} hat sie Ihnen übergeben.`,
    }),
    follower: ({ actor, count, to }) => ({
      title: `${count} Kontakte, denen Sie folgen, haben einen neuen Inhaber: ${to ?? 'unbekannt'}`,
      body: to ? `${actor} hat sie an ${to} übergeben.` : `${actor} hat sie neu zugeteilt.`,
    }),
  },
  mentioned: ({ actor, contact, note }) => ({
    title: `${actor} hat Sie in einer Notiz zu ${contact} erwähnt`,
    body: note,
  }),
  mentionedInComment: ({ actor, contact, comment }) => ({
    title: `${actor} hat Sie in einem Kommentar zu ${contact} erwähnt`,
    body: comment,
  }),
  messageReceived: ({ contact, channel, subject, preview }) => ({
    title: `${({ email: 'Neue E-Mail', sms: 'Neue SMS', whatsapp: 'Neue WhatsApp-Nachricht', call: 'Neuer Anruf' } as Record<string, string>)[channel] ?? 'Neue Nachricht'} von ${contact}`,
    body: subject && preview ? `${subject} — ${preview}` : subject || preview,
  }),
  taskAssigned: {
    direct: ({ actor, contact, task, due }) => ({
      title: `${actor} hat Ihnen eine Aufgabe zugewiesen: ${task}`,
      body: `Zu ${contact}${due ? `, fällig ${due}` : ''}`,
    }),
    follower: ({ actor, contact, task, assignee, due }) => ({
      title: `Neue Aufgabe zu ${contact}: ${task}`,
      body: `${assignee ? `${actor} hat sie ${assignee} zugewiesen` : `Von ${actor} angelegt`}${due ? `, fällig ${due}` : ''}`,
    }),
  },
  taskReassigned: {
    direct: ({ actor, contact, task }) => ({
      title: `${actor} hat Ihnen eine Aufgabe zugewiesen: ${task}`,
      body: `Zu ${contact}`,
    }),
    follower: ({ actor, contact, task, assignee }) => ({
      title: `Aufgabe zu ${contact} neu zugewiesen: ${task}`,
      body: `${actor} hat sie ${assignee ?? 'jemand anderem'} zugewiesen`,
    }),
  },
  taskDue: {
    direct: ({ contact, task, due }) => ({ title: `Aufgabe fällig: ${task}`, body: `Zu ${contact}, fällig ${due}` }),
    follower: ({ contact, task, due }) => ({
      title: `Aufgabe zu ${contact} fällig: ${task}`,
      body: `Fällig ${due}`,
    }),
  },
  appointmentBooked: {
    direct: ({ actor, contact, appointment, when }) => ({
      title: `${actor} hat einen Termin für Sie gebucht: ${appointment}`,
      body: `Mit ${contact} ${when}`,
    }),
    follower: ({ contact, appointment, when, assignee }) => ({
      title: `Termin mit ${contact} gebucht: ${appointment}`,
      body: assignee ? `${assignee} übernimmt ihn ${when}` : capitalised(when),
    }),
  },
  appointmentHanded: ({ actor, contact, appointment, when }) => ({
    title: `${actor} hat Ihnen einen Termin übergeben: ${appointment}`,
    body: `Mit ${contact} ${when}`,
  }),
  exportReady: ({ count, format, until, timeZone }) => ({
    title: 'Ihr Kontakt-Export ist fertig',
    body: `${count.toLocaleString('de-DE')} ${count === 1 ? 'Kontakt' : 'Kontakte'} als ${format === 'csv' ? 'CSV' : 'vCard'}, herunterladbar bis ${inZone(until, () => new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(until))}`,
  }),
};

const tables: Record<Language, NotificationTexts> = { en, de };

/** The table for a user's profile language; one we have no table for reads English. */
export function notificationTexts(locale: string): NotificationTexts {
  return locale === 'de' ? tables.de : tables.en;
}
