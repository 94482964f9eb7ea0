/**
 * Transaction origins. Only LOCAL_ORIGIN is tracked by the undo manager, so a
 * user's Ctrl+Z never reverts a remote peer's edit, an import or a migration.
 */
export const LOCAL_ORIGIN = 'cairn:local';
export const IMPORT_ORIGIN = 'cairn:import';
export const MIGRATION_ORIGIN = 'cairn:migration';
export const RESTORE_ORIGIN = 'cairn:restore';
/** Fields an undo or redo could not bring back, written back right after it (see shared/undoRepair.ts); never undone itself. */
export const UNDO_REPAIR_ORIGIN = 'cairn:undo-repair';
