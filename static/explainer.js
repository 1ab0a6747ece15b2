// explainer tooltips: WAI-ARIA APG tooltip pattern, WCAG 2.1 SC 1.4.13.
// Hover opens after a short dwell, focus opens at once; the pointer can travel onto the
// tooltip; Escape closes without moving focus; a first tap opens, a second follows the
// link; the tooltip is kept inside the viewport. Without this script a term is a link.
(function () {
  "use strict";
  var HOVER_DELAY = 300;
  var HIDE_DELAY = 200;
  var MARGIN = 8;
  var open = null; // { trigger, tip }
  var showTimer = 0;
  var hideTimer = 0;

  function tipFor(trigger) {
    var id = trigger.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function place(trigger, tip) {
    var rects = trigger.getClientRects();
    var r = rects.length ? rects[0] : trigger.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = document.documentElement.clientHeight;
    tip.style.maxWidth = Math.max(0, Math.min(352, vw - 2 * MARGIN)) + "px";
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var left = Math.min(Math.max(MARGIN, r.left), Math.max(MARGIN, vw - w - MARGIN));
    var top = r.bottom + 6;
    if (top + h > vh - MARGIN && r.top - h - 6 >= MARGIN) {
      top = r.top - h - 6; // flip above
      tip.setAttribute("data-placement", "top");
    } else {
      tip.setAttribute("data-placement", "bottom");
    }
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }

  function show(trigger) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    var tip = tipFor(trigger);
    if (!tip) return;
    if (open && open.trigger !== trigger) hideNow();
    tip.hidden = false;
    place(trigger, tip);
    trigger.setAttribute("aria-expanded", "true");
    open = { trigger: trigger, tip: tip };
  }

  function hideNow() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!open) return;
    open.tip.hidden = true;
    open.trigger.removeAttribute("aria-expanded");
    open = null;
  }

  function hideSoon() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideNow, HIDE_DELAY);
  }

  function triggerOf(node) {
    return node && node.closest ? node.closest(".term[aria-describedby], .quote[aria-describedby]") : null;
  }

  document.addEventListener("pointerover", function (e) {
    if (e.pointerType === "touch") return;
    var t = triggerOf(e.target);
    if (t) {
      clearTimeout(hideTimer);
      if (open && open.trigger === t) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(t); }, open ? 0 : HOVER_DELAY);
      return;
    }
    if (open && open.tip.contains(e.target)) clearTimeout(hideTimer);
  });

  document.addEventListener("pointerout", function (e) {
    if (e.pointerType === "touch") return;
    var from = triggerOf(e.target) || (open && open.tip.contains(e.target) ? open.tip : null);
    if (!from) return;
    var to = e.relatedTarget;
    if (to && open && (open.tip.contains(to) || open.trigger.contains(to))) return;
    clearTimeout(showTimer);
    if (open) hideSoon();
  });

  document.addEventListener("focusin", function (e) {
    var t = triggerOf(e.target);
    if (t) show(t);
    else if (open && !open.tip.contains(e.target)) hideNow();
  });

  document.addEventListener("focusout", function (e) {
    var t = triggerOf(e.target);
    if (t && open && open.trigger === t && !(e.relatedTarget && open.tip.contains(e.relatedTarget))) hideNow();
  });

  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && open) {
      hideNow();
      e.stopPropagation();
    }
  });

  // Touch: the first tap on a term opens its tooltip, the second follows the link. Taps are
  // handled on pointerup, and the click a tap may produce is cancelled, so the behaviour
  // does not depend on whether (or when) the browser synthesises that click.
  var touchStart = null; // { trigger, wasOpen }
  var touchHandledAt = 0;
  document.addEventListener("pointerdown", function (e) {
    if (e.pointerType !== "touch") { touchStart = null; return; }
    var t = triggerOf(e.target);
    touchStart = t ? { trigger: t, wasOpen: !!(open && open.trigger === t) } : null;
    if (!t && open && !open.tip.contains(e.target)) hideNow();
  });
  document.addEventListener("pointercancel", function () { touchStart = null; });
  document.addEventListener("pointerup", function (e) {
    if (e.pointerType !== "touch" || !touchStart) return;
    var t = triggerOf(e.target);
    var start = touchStart;
    touchStart = null;
    if (t !== start.trigger) return;
    touchHandledAt = Date.now();
    if (!start.wasOpen) {
      show(t);
    } else if (t.href) {
      window.location.assign(t.href);
    }
  });
  document.addEventListener("click", function (e) {
    var t = triggerOf(e.target);
    if (t && Date.now() - touchHandledAt < 1000) {
      e.preventDefault(); // the tap was handled on pointerup
      return;
    }
    if (!t && open && !open.tip.contains(e.target)) hideNow();
  });

  window.addEventListener("resize", function () { if (open) place(open.trigger, open.tip); });
})();
