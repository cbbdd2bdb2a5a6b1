/* Registration form, progressive enhancement only (the form works without it):
   as soon as a partner municipality is chosen, say whether it can be invited and why not.
   The server puts the reason on each option (data-ineligible) and checks again on submit. */
(function () {
  "use strict";

  function showEligibility(select) {
    var target = document.getElementById(select.getAttribute("data-eligibility-target"));
    if (!target) {
      return;
    }
    var option = select.options[select.selectedIndex];
    var reason = option ? option.getAttribute("data-ineligible") : "";
    target.textContent = reason || "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var selects = document.querySelectorAll("select[data-eligibility-target]");
    Array.prototype.forEach.call(selects, function (select) {
      select.addEventListener("change", function () {
        showEligibility(select);
      });
      showEligibility(select);
    });
  });
})();
