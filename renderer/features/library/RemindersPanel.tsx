import { REMINDER_CADENCES, WEEKDAY_NAMES, type ReminderCadence } from '../../../shared/reminders';
import { getPlatform } from '../../platform';
import { useReminderSettings } from '../../state/reminders';
import { TimeField } from '../../ui/TimeField';

const CADENCE_LABEL: Record<ReminderCadence, string> = { weekly: 'Every week', daily: 'Every day' };

/** Whose KRs remind whom: the rule of shared/queries/myDueKeyResults.ts (ownerOf), in words. */
const YOUR_KEY_RESULTS =
  'Your key results are those whose owner is you, and those without an owner whose objective’s owner is you. A key result nobody owns reminds no one, not even whoever wrote it: pick its owner in its details.';

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
          above shows what is due this week. {YOUR_KEY_RESULTS}
        </p>
      ) : (
        <>
          <label className="check">
            <input type="checkbox" checked={settings.enabled} onChange={(e) => change({ enabled: e.target.checked })} aria-describedby="reminders-whose" />
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
            <TimeField label="At" name="Reminder time" value={settings.time} onChange={(time) => change({ time })} />
            <TimeField
              label="Quiet hours from"
              value={settings.quietHours.start}
              onChange={(start) => change({ quietHours: { ...settings.quietHours, start } })}
            />
            <TimeField label="to" name="Quiet hours to" value={settings.quietHours.end} onChange={(end) => change({ quietHours: { ...settings.quietHours, end } })} />
          </fieldset>
          <p className="muted" id="reminders-whose">
            {YOUR_KEY_RESULTS}
          </p>
          <p className="muted">A reminder due in quiet hours waits for their end. Kept on this device; nothing leaves it.</p>
        </>
      )}
    </section>
  );
}
