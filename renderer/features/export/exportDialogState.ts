import { create } from 'zustand';

/** Whether the export dialog is open: the toolbar button and the app menu (File → Export…) both open it. */
export const useExportDialog = create<{ open: boolean }>(() => ({ open: false }));

export const openExportDialog = () => useExportDialog.setState({ open: true });
export const closeExportDialog = () => useExportDialog.setState({ open: false });
