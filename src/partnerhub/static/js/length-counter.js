/* Length counters of the proposal form, progressive enhancement only: the page shows the
   counts as they were when it was rendered, and the server's limits are what count when saving.

   A form with `data-length-counters` carries the texts (translated by the server) in
   `data-template-*`; each `textarea[data-length-counter]` has `data-limit` (characters of its
   section) and a counter `[data-counter-for="<id of the textarea>"]`; `[data-counter-total]`
   with `data-limit` counts the sections together. Characters are counted as the server counts
   them: code points, line breaks as one, leading and trailing white space left out.
   Screen readers hear the count of the field being typed in once typing pauses. */
(function () {
  "use strict";

  var ANNOUNCE_AFTER_MS = 1000;

  function length(text) {
    var trimmed = text.trim();
    return Array.from ? Array.from(trimmed).length : trimmed.length;
  }

  function format(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function limitOf(element) {
    var limit = parseInt(element.getAttribute("data-limit"), 10);
    return isNaN(limit) || limit <= 0 ? 0 : limit;
  }

  function show(counter, text, over) {
    counter.textContent = text;
    counter.classList.toggle("message-error", over);
  }

  function setUp(form) {
    var fields = form.querySelectorAll("textarea[data-length-counter]");
    var total = form.querySelector("[data-counter-total]");
    var status = document.getElementById("length-counter-status");
    var timer = null;

    function template(name) {
      return form.getAttribute("data-template-" + name);
    }

    function sectionText(field) {
      var count = length(field.value);
      var limit = limitOf(field);
      var over = limit > 0 && count > limit;
      var name = !limit ? "no-limit" : over ? "section-over" : "section";
      return {
        text: format(template(name), { count: count, limit: limit, over: count - limit }),
        over: over
      };
    }

    function totalText() {
      var count = 0;
      Array.prototype.forEach.call(fields, function (field) {
        count += length(field.value);
      });
      var limit = limitOf(total);
      var over = limit > 0 && count > limit;
      return {
        text: format(template(over ? "total-over" : "total"), {
          count: count,
          limit: limit,
          over: count - limit
        }),
        over: over
      };
    }

    function update(field, announce) {
      var counter = form.querySelector('[data-counter-for="' + field.id + '"]');
      var section = sectionText(field);
      if (counter) {
        show(counter, section.text, section.over);
      }
      var sum = null;
      if (total) {
        sum = totalText();
        var target = total.querySelector("strong") || total;
        target.textContent = sum.text;
        total.classList.toggle("message-error", sum.over);
      }
      if (announce && status) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          status.textContent = sum ? section.text + ". " + sum.text : section.text;
        }, ANNOUNCE_AFTER_MS);
      }
    }

    Array.prototype.forEach.call(fields, function (field) {
      field.addEventListener("input", function () {
        update(field, true);
      });
      update(field, false);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-length-counters]"), setUp);
  });
})();
