/** Top-bar slot, always visible on every screen; its capability fills it in. */
export function KillSwitchSlot() {
  return null;
}
