// The settings tab last opened, so returning to the page shows the same tab.
import { ref } from "vue";

export const lastSettingsTab = ref("");
