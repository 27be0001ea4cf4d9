/* "Kirjaa saapunut asiakirja": the task class is chosen, never guessed.
 *
 * The select2 drop-down highlights its first hit after every keystroke, so
 * Enter (or Tab) took whatever came first: a building permit was filed under
 * procurement. Here a hit is highlighted only when the registrar points at
 * it (arrow keys or the mouse); Enter with nothing highlighted picks nothing
 * and says how to choose (#kp-task-class-hint, a live region).
 */
(function () {
  "use strict";
  var FIELD = "formfield-form-widgets-task_class";
  var chosen = false; // the registrar pointed at a hit since the last keystroke
  var wasOpen = false;

  function field() {
    return document.getElementById(FIELD);
  }
  function hint() {
    return document.getElementById("kp-task-class-hint");
  }
  /* The open drop-down of the task class field, or null. */
  function openDrop() {
    var f = field();
    if (!f || !f.querySelector(".select2-dropdown-open")) {
      return null;
    }
    return document.querySelector(".select2-drop-active");
  }
  function showHint(show) {
    var h = hint();
    if (h) {
      h.hidden = !show;
    }
  }
  function unhighlight(drop) {
    if (chosen || !drop) {
      return;
    }
    drop.querySelectorAll(".select2-highlighted").forEach(function (el) {
      el.classList.remove("select2-highlighted");
    });
  }

  // the hint is rendered after the form: show it under the field it is about
  if (field() && hint()) {
    field().appendChild(hint());
  }

  new MutationObserver(function () {
    var drop = openDrop();
    if (drop && !wasOpen) {
      chosen = false;
    }
    wasOpen = !!drop;
    unhighlight(drop);
  }).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["class"],
  });

  document.addEventListener(
    "input",
    function (event) {
      var drop = openDrop();
      if (drop && drop.contains(event.target)) {
        chosen = false; // new hits: none is chosen yet
        showHint(false);
      }
    },
    true
  );

  document.addEventListener(
    "mousemove",
    function (event) {
      var drop = openDrop();
      if (
        drop &&
        drop.contains(event.target) &&
        event.target.closest(".select2-result-selectable")
      ) {
        chosen = true;
      }
    },
    true
  );

  document.addEventListener(
    "keydown",
    function (event) {
      var drop = openDrop();
      var f = field();
      if (!drop || !(drop.contains(event.target) || f.contains(event.target))) {
        return;
      }
      var highlighted = drop.querySelector(".select2-highlighted");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        chosen = true;
        showHint(false);
        if (!highlighted) {
          // select2 cannot move from "nothing": start at the first hit
          var first = drop.querySelector(
            ".select2-result-selectable:not(.select2-disabled)"
          );
          if (first) {
            first.classList.add("select2-highlighted");
            first.scrollIntoView({ block: "nearest" });
          }
          event.preventDefault();
          event.stopImmediatePropagation();
        }
        return;
      }
      if ((event.key === "Enter" || event.key === "Tab") && !highlighted) {
        if (event.key === "Enter") {
          event.preventDefault(); // neither a guess nor a form submit
          event.stopImmediatePropagation();
        }
        showHint(true);
      }
    },
    true
  );
})();
