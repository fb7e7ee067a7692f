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

// Collections and saved searches, kept in this browser (localStorage); a
// collection is shared as its /collection?ids=... address.
(function () {
  "use strict";
  var store = {
    get: function (k, d) { try { return JSON.parse(localStorage.getItem(k)) || d; } catch (e) { return d; } },
    set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* storage off */ } }
  };
  var ids = store.get("cablescope.collection", []);
  var link = document.getElementById("collection-link");
  var refresh = function () {
    if (!link) return;
    link.hidden = ids.length === 0;
    link.textContent = "Collection (" + ids.length + ")";
    link.setAttribute("href", "/collection?ids=" + ids.map(encodeURIComponent).join(","));
  };
  refresh();
  document.querySelectorAll("button[data-collect]").forEach(function (b) {
    var id = b.getAttribute("data-collect");
    var label = function () { b.textContent = ids.indexOf(id) >= 0 ? "In your collection (remove)" : "Add to collection"; };
    b.hidden = false; label();
    b.addEventListener("click", function () {
      var i = ids.indexOf(id);
      if (i >= 0) ids.splice(i, 1); else ids.push(id);
      store.set("cablescope.collection", ids); label(); refresh();
    });
  });
  var items = document.getElementById("collection-items");
  if (items) {
    var shown = [].map.call(items.querySelectorAll("li[data-id]"), function (li) { return li.getAttribute("data-id"); });
    var same = shown.length === ids.length && shown.every(function (x, i) { return ids[i] === x; });
    if (same) {
      items.querySelectorAll("button[data-remove]").forEach(function (b) {
        b.hidden = false;
        b.addEventListener("click", function () {
          var i = ids.indexOf(b.getAttribute("data-remove"));
          if (i >= 0) ids.splice(i, 1);
          store.set("cablescope.collection", ids);
          window.location.href = "/collection?ids=" + ids.map(encodeURIComponent).join(",");
        });
      });
    } else {
      var adopt = document.getElementById("collection-adopt");
      if (adopt && shown.length) {
        adopt.hidden = false;
        adopt.addEventListener("click", function () { ids = shown; store.set("cablescope.collection", ids); refresh(); adopt.textContent = "Done"; });
      }
    }
  }
  var saved = store.get("cablescope.searches", []);
  var box = document.getElementById("saved-searches");
  var draw = function () {
    if (!box) return;
    var ul = box.querySelector("ul");
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    saved.forEach(function (s, i) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.setAttribute("href", s.url); a.textContent = s.label;
      var x = document.createElement("button");
      x.type = "button"; x.className = "forget"; x.textContent = "×"; x.title = "forget this search";
      x.addEventListener("click", function () { saved.splice(i, 1); store.set("cablescope.searches", saved); draw(); });
      li.appendChild(a); li.appendChild(x); ul.appendChild(li);
    });
    box.hidden = saved.length === 0;
  };
  draw();
  var save = document.getElementById("save-search");
  if (save) {
    save.hidden = false;
    save.addEventListener("click", function () {
      var url = window.location.pathname + window.location.search;
      if (url.charAt(0) !== "/") return;
      if (!saved.some(function (s) { return s.url === url; })) {
        saved.unshift({ url: url, label: save.getAttribute("data-label") + (window.location.search.indexOf("f=") >= 0 || window.location.search.indexOf("x=") >= 0 ? " (filtered)" : "") });
        saved = saved.slice(0, 50);
        store.set("cablescope.searches", saved); draw();
      }
      save.textContent = "Saved";
    });
  }
})();
