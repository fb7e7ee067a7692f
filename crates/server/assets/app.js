// cablescope reading room: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Sort: apply on change (the form has a submit button without JavaScript).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { if (s.form) s.form.submit(); });
  });

  // Histogram: drag across months to filter by that range.
  var svg = document.querySelector("svg[data-buckets]");
  if (svg) {
    var buckets = JSON.parse(svg.getAttribute("data-buckets"));
    var base = svg.getAttribute("data-base") || "";
    var width = parseFloat(svg.getAttribute("data-width"));
    var brush = svg.querySelector("rect.brush");
    var start = null, moved = false;
    var toIndex = function (ev) {
      var r = svg.getBoundingClientRect();
      var x = (ev.clientX - r.left) / r.width * width;
      var i = Math.floor(x / (width / buckets.length));
      return Math.max(0, Math.min(buckets.length - 1, i));
    };
    var draw = function (a, b) {
      var lo = Math.min(a, b), hi = Math.max(a, b), w = width / buckets.length;
      brush.setAttribute("x", String(lo * w));
      brush.setAttribute("width", String((hi - lo + 1) * w));
    };
    svg.addEventListener("mousedown", function (ev) {
      start = toIndex(ev); moved = false; draw(start, start); ev.preventDefault();
    });
    svg.addEventListener("mousemove", function (ev) {
      if (start === null) return;
      var i = toIndex(ev);
      if (i !== start) moved = true;
      draw(start, i);
    });
    var finish = function (ev) {
      if (start === null) return;
      var i = toIndex(ev), lo = Math.min(start, i), hi = Math.max(start, i);
      start = null;
      if (!moved) return; // a plain click follows the bar's link
      ev.preventDefault();
      var q = base ? base + "&" : "";
      window.location.search = "?" + q + "from=" + encodeURIComponent(buckets[lo][0]) + "&to=" + encodeURIComponent(buckets[hi][1]);
    };
    svg.addEventListener("mouseup", finish);
    svg.addEventListener("click", function (ev) { if (moved) { ev.preventDefault(); moved = false; } }, true);
  }

  // Citations: "cite" on a paragraph fills the citation box and copies it.
  var box = document.getElementById("citation");
  document.querySelectorAll("button[data-cite]").forEach(function (b) {
    b.addEventListener("click", function () {
      var text = b.getAttribute("data-cite") + " " + window.location.origin + b.getAttribute("data-href");
      if (box) { box.value = text; box.focus(); box.select(); }
      if (navigator.clipboard) { navigator.clipboard.writeText(text).catch(function () {}); }
      b.textContent = "copied";
      setTimeout(function () { b.textContent = "cite"; }, 1500);
    });
  });
  if (box && box.getAttribute("data-path")) {
    box.value = box.value + " " + window.location.origin + box.getAttribute("data-path");
  }
})();
