import { REMINDER_CADENCES, WEEKDAY_NAMES, type ReminderCadence } from '../../../shared/reminders';
import { getPlatform } from '../../platform';
import { useReminderSettings } from '../../state/reminders';
import { SelectField } from '../../ui/SelectField';
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
            <SelectField
              label="How often"
              value={settings.cadence}
              choices={REMINDER_CADENCES.map((cadence) => ({ value: cadence, label: CADENCE_LABEL[cadence] }))}
              onChange={(cadence) => change({ cadence: cadence ?? 'weekly' })}
            />
            {settings.cadence === 'weekly' && (
              <SelectField
                label="On"
                name="Reminder day"
                value={String(settings.weekday)}
                choices={WEEKDAY_NAMES.map((day, index) => ({ value: String(index + 1), label: day }))}
                onChange={(weekday) => weekday !== null && change({ weekday: Number(weekday) })}
              />
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
