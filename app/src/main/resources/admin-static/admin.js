// dirsync admin web UI: the few behaviours the server cannot render. No inline scripts anywhere
// (the pages run under script-src 'self'), so everything is wired here from data attributes and ids.
(function () {
    'use strict';

    function onReady(fn) {
        if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', fn);
        } else {
            fn();
        }
    }

    function wireCopyButtons() {
        document.querySelectorAll('[data-copy-target]').forEach(function (button) {
            button.addEventListener('click', function () {
                var input = document.getElementById(button.getAttribute('data-copy-target'));
                input.select();
                var done = function () {
                    button.textContent = 'Copied';
                    setTimeout(function () { button.textContent = 'Copy'; }, 1500);
                };
                if (navigator.clipboard && window.isSecureContext) {
                    navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand('copy'); done(); });
                } else {
                    document.execCommand('copy');
                    done();
                }
            });
        });
        document.querySelectorAll('[data-history-back]').forEach(function (button) {
            button.addEventListener('click', function () { history.back(); });
        });
    }

    // The Role mapping card: the list is edited in the page and sent whole, in order, on save.
    function wireRoleMapping() {
        if (document.body.classList.contains('read-only')) {
            return; // an auditor's session: nothing to reorder, nothing to preview
        }
        var form = document.getElementById('mapping-form');
        var list = document.getElementById('mapping-list');
        if (!form || !list) {
            return;
        }

        function rows() {
            return Array.prototype.slice.call(list.querySelectorAll('.mapping-row'));
        }

        function changed() {
            rows().forEach(function (row, index) {
                row.querySelector('.rank').textContent = String(index + 1);
                var name = row.querySelector('.mapping-group').textContent;
                row.querySelector('.move-up').setAttribute('aria-label', 'Move ' + name + ' up');
                row.querySelector('.move-down').setAttribute('aria-label', 'Move ' + name + ' down');
                row.querySelector('.remove').setAttribute('aria-label', 'Remove ' + name);
            });
            refreshButtons();
            document.getElementById('no-mappings').classList.toggle('hidden', rows().length > 0);
            document.getElementById('unsaved').classList.remove('hidden');
            if (window.htmx) {
                window.htmx.trigger(form, 'mappings-changed');
            }
        }

        function refreshButtons() {
            rows().forEach(function (row, index) {
                row.querySelector('.move-up').disabled = index === 0;
                row.querySelector('.move-down').disabled = index === rows().length - 1;
            });
        }

        list.addEventListener('click', function (event) {
            var button = event.target.closest('button');
            if (!button) {
                return;
            }
            var row = button.closest('.mapping-row');
            if (button.classList.contains('move-up') && row.previousElementSibling) {
                list.insertBefore(row, row.previousElementSibling);
            } else if (button.classList.contains('move-down') && row.nextElementSibling) {
                list.insertBefore(row.nextElementSibling, row);
            } else if (button.classList.contains('remove')) {
                var next = row.nextElementSibling || row.previousElementSibling;
                row.remove();
                changed();
                var focusTarget = next ? next.querySelector('.remove') : document.getElementById('add-mapping');
                if (focusTarget) {
                    focusTarget.focus();
                }
                return;
            } else {
                return;
            }
            changed();
            // keep the keyboard user on the button they pressed, unless it is now disabled at an end of the list
            if (button.disabled) {
                var other = row.querySelector(button.classList.contains('move-up') ? '.move-down' : '.move-up');
                other.focus();
            } else {
                button.focus();
            }
        });

        var add = document.getElementById('add-mapping');
        if (add) {
            add.addEventListener('click', function () {
                var group = document.getElementById('new-group');
                var role = document.getElementById('new-role');
                if (!group.value || !role.value) {
                    return;
                }
                var row = document.getElementById('mapping-row-template').content.firstElementChild.cloneNode(true);
                row.setAttribute('data-group-id', group.value);
                row.querySelector('.mapping-group').textContent = group.options[group.selectedIndex].text;
                row.querySelector('.member-count').textContent = group.options[group.selectedIndex].getAttribute('data-member-count');
                row.querySelector('.mapping-role').textContent = role.value;
                row.querySelector('input[name="groupId"]').value = group.value;
                row.querySelector('input[name="role"]').value = role.value;
                list.appendChild(row);
                changed();
            });
        }

        if (window.Sortable) {
            window.Sortable.create(list, {
                animation: 150,
                filter: 'button',
                preventOnFilter: false,
                forceFallback: true,
                fallbackOnBody: true,
                ghostClass: 'mapping-ghost',
                chosenClass: 'mapping-chosen',
                onEnd: function (event) {
                    if (event.oldIndex !== event.newIndex) {
                        changed();
                    }
                }
            });
        }
        refreshButtons();
    }

    onReady(function () {
        wireCopyButtons();
        wireRoleMapping();
    });
}());
