// Scored: a wide table scrolls sideways inside the theme's container; such a container must be reachable by
// keyboard (WCAG 2.1.1; axe's scrollable-region-focusable), so it becomes a named, focusable region.
function scoredScrollableTables() {
  for (const box of document.querySelectorAll(".pst-scrollable-table-container")) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table (scroll sideways to see every column)");
    }
  }
}
document.addEventListener("DOMContentLoaded", scoredScrollableTables);
window.addEventListener("resize", scoredScrollableTables);
