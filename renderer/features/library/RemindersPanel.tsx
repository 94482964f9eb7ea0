import { REMINDER_CADENCES, WEEKDAY_NAMES, type ReminderCadence } from '../../../shared/reminders';
import { getPlatform } from '../../platform';
import { useReminderSettings } from '../../state/reminders';

const CADENCE_LABEL: Record<ReminderCadence, string> = { weekly: 'Every week', daily: 'Every day' };

/**
 * Opt-in desktop reminders (Electron). Stored on this device only; the
 * notification is shown by this computer and nothing leaves it.
 */
export function RemindersPanel() {
  const { settings, change } = useReminderSettings();
  const desktop = getPlatform().kind === 'electron';

  return (
    <section className="panel" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading" className="panel__title">
        Reminders
      </h2>
      {!desktop ? (
        <p className="muted">
          Reminders are a desktop feature: the Cairn app can show a notification when your key results are due for a check-in. Here, the list
          above shows what is due this week.
        </p>
      ) : (
        <>
          <label className="check">
            <input type="checkbox" checked={settings.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
            <span>Remind me when my key results are due for a check-in</span>
          </label>
          <fieldset className="row reminders-settings" disabled={!settings.enabled}>
            <legend className="visually-hidden">When to remind me</legend>
            <label className="field">
              <span>How often</span>
              <select aria-label="How often" value={settings.cadence} onChange={(e) => change({ cadence: REMINDER_CADENCES.find((c) => c === e.target.value) ?? 'weekly' })}>
                {REMINDER_CADENCES.map((cadence) => (
                  <option key={cadence} value={cadence}>
                    {CADENCE_LABEL[cadence]}
                  </option>
                ))}
              </select>
            </label>
            {settings.cadence === 'weekly' && (
              <label className="field">
                <span>On</span>
                <select aria-label="Reminder day" value={settings.weekday} onChange={(e) => change({ weekday: Number(e.target.value) })}>
                  {WEEKDAY_NAMES.map((day, index) => (
                    <option key={day} value={index + 1}>
                      {day}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="field">
              <span>At</span>
              <input type="time" aria-label="Reminder time" value={settings.time} required onChange={(e) => e.target.value && change({ time: e.target.value })} />
            </label>
            <label className="field">
              <span>Quiet hours from</span>
              <input
                type="time"
                aria-label="Quiet hours from"
                value={settings.quietHours.start}
                required
                onChange={(e) => e.target.value && change({ quietHours: { ...settings.quietHours, start: e.target.value } })}
              />
            </label>
            <label className="field">
              <span>to</span>
              <input
                type="time"
                aria-label="Quiet hours to"
                value={settings.quietHours.end}
                required
                onChange={(e) => e.target.value && change({ quietHours: { ...settings.quietHours, end: e.target.value } })}
              />
            </label>
          </fieldset>
          <p className="muted">A reminder due in quiet hours waits for their end. Kept on this device; nothing leaves it.</p>
        </>
      )}
    </section>
  );
}
