"""Public web: the official notice board, the publication log, publication and
statutory removal of agendas, minutes and decisions (the clock job), the
accessibility statement's feedback, HTTP caching."""
