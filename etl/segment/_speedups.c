/*
 * Optional C version of the common case of etl/segment/sentences.py (its own extension, so the
 * segment stage imports nothing of the enrich stage). It computes exactly what the Python rules
 * compute for the paragraphs it takes and hands every other one back; tests compare the two on the
 * BBC corpus, the Golden Rules and random word sequences.
 *
 *   sentence_spans(text, openers, closers, abbreviations, max_abbreviation) -> spans | None
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

/* ---- sentence spans ------------------------------------------------------------------------
 *
 * sentence_spans(text, openers, closers, abbreviations, max_abbreviation) -> [(start, end)] | None
 * etl.segment.sentences.split_sentence_spans for the common paragraph, or None when the paragraph
 * needs a rule this does not transcribe (then Python splits it). The caller has already ruled out
 * hard boundaries (a newline, a bullet, a list at the start) and texts without a terminator before
 * their final cluster. Transcribed (sentences._cuts and _is_boundary): a terminator glued to a letter
 * or digit after it ("U.S", "3.5") is no cluster; a cluster of one ".", "?" or "!" and closing quotes
 * or brackets, before whitespace, is decided by the word after it (openers skipped) and, for a
 * period, the word before it; the final cluster is no boundary. None for anything else: a tab, runs
 * of terminators and ellipses, a cluster glued to what follows, and a period after a list marker, a
 * single letter, a word holding a period or an abbreviation (the rules that need more context).
 * The spans are merged as split_sentence_spans merges them (a piece without a letter or digit joins
 * its neighbour). str.isupper/islower/isalpha/isalnum/isspace of one character are the
 * Py_UNICODE_IS* tests, and the regex classes \w, \s, \d and [^\W_] are ISALNUM or "_", ISSPACE,
 * ISDECIMAL and ISALNUM, so Unicode text is read exactly as Python reads it.
 */

static inline int is_terminator(Py_UCS4 ch) { return ch == '.' || ch == '?' || ch == '!' || ch == 0x2026; }

static inline int one_of(PyObject *chars, Py_UCS4 ch) {
    return PyUnicode_FindChar(chars, ch, 0, PyUnicode_GET_LENGTH(chars), 1) >= 0;
}

static PyObject *sentence_spans(PyObject *self, PyObject *args) {
    PyObject *text, *openers, *closers, *abbreviations;
    Py_ssize_t max_abbreviation;
    if (!PyArg_ParseTuple(args, "UUUO!n", &text, &openers, &closers, &PyFrozenSet_Type, &abbreviations,
                          &max_abbreviation))
        return NULL;
    if (PyUnicode_READY(text) < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
#define AT(i) PyUnicode_READ(kind, data, (i))
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = AT(i);
        if (ch == '\n' || ch == '\t') Py_RETURN_NONE;  /* other rules look at line and tab boundaries */
    }
    Py_ssize_t first = 0, last = n;
    while (first < n && Py_UNICODE_ISSPACE(AT(first))) first++;
    while (last > first && Py_UNICODE_ISSPACE(AT(last - 1))) last--;
    Py_ssize_t *cuts = malloc((size_t)(n / 2 + 2) * 2 * sizeof(Py_ssize_t)), n_cuts = 0, end = 0, space = -1;
    if (!cuts) return PyErr_NoMemory();
    PyObject *spans = NULL;
#define BAIL() do { free(cuts); Py_RETURN_NONE; } while (0)
    for (Py_ssize_t p = 0; p < n; p++) {
        Py_UCS4 ch = AT(p);
        if (ch == ' ') space = p;  /* the last space before a cluster: text.rfind(" ", 0, start) */
        if (!is_terminator(ch) || p < end) continue;
        if (ch == 0x2026) BAIL();  /* an ellipsis */
        Py_ssize_t q = p + 1;
        if (q < n && is_terminator(AT(q))) BAIL();  /* "?!", "...": a run */
        if (q < n && Py_UNICODE_ISALNUM(AT(q))) continue;  /* "U.S", "3.5": no cluster here */
        if (q + 1 < n && AT(q) == ' ' && (AT(q + 1) == '.' || AT(q + 1) == 0x2026)) BAIL();  /* ". . ." */
        while (q < n && one_of(closers, AT(q))) q++;
        if (q < n && !Py_UNICODE_ISSPACE(AT(q))) BAIL();  /* glued to what follows (`out.”“If`, `."x`) */
        end = q;  /* the cluster is [p, q) */
        if (q >= last) break;  /* the final cluster */
        Py_ssize_t next = q;  /* nxt.end(1): the whitespace skipped */
        while (next < n && Py_UNICODE_ISSPACE(AT(next))) next++;
        Py_ssize_t w = next;
        while (w < n && one_of(openers, AT(w))) w++;
        if (w >= n) continue;  /* nothing after the openers: no boundary */
        int lower = (Py_UNICODE_ISALNUM(AT(w)) || AT(w) == '_') && Py_UNICODE_ISLOWER(AT(w));
        if (ch != '.') {
            if (lower) continue;
        } else {
            if (lower) continue;
            Py_ssize_t from = space + 1;  /* the word before, openers stripped */
            while (from < p && one_of(openers, AT(from))) from++;
            Py_ssize_t len = p - from;
            if (len > 0) {
                int digits = len <= 2;
                for (Py_ssize_t k = from; k < p && digits; k++) digits = Py_UNICODE_ISDECIMAL(AT(k));
                if (digits || (len == 1 && AT(from) >= 'a' && AT(from) <= 'z')) BAIL();  /* a list marker? */
                if (q == p + 1) {  /* not closed: an initial or abbreviation? */
                    if (len == 1 && Py_UNICODE_ISALPHA(AT(from))) BAIL();
                    if (PyUnicode_FindChar(text, '.', from, p, 1) != -1) BAIL();
                    if (len <= max_abbreviation) {  /* prev.lower() in _ABBREVS: lower() never shortens */
                        PyObject *word = PyUnicode_Substring(text, from, p);
                        PyObject *lowered = word ? PyObject_CallMethod(word, "lower", NULL) : NULL;
                        int known = lowered ? PySet_Contains(abbreviations, lowered) : -1;
                        Py_XDECREF(word); Py_XDECREF(lowered);
                        if (known < 0) { free(cuts); return NULL; }
                        if (known) BAIL();
                    }
                }
            }
        }
        cuts[2 * n_cuts] = q; cuts[2 * n_cuts + 1] = next; n_cuts++;
    }
#undef BAIL
    cuts[2 * n_cuts] = last; cuts[2 * n_cuts + 1] = last; n_cuts++;
    if (!(spans = PyList_New(0))) { free(cuts); return NULL; }
    Py_ssize_t s = first, span_start = -1, span_end = -1;
    int prev_ok = 1, any = 0;
    for (Py_ssize_t c = 0; c < n_cuts; c++) {
        Py_ssize_t e = cuts[2 * c], ns = cuts[2 * c + 1];
        if (e > s) {
            int ok = 0;
            for (Py_ssize_t k = s; k < e && !ok; k++) ok = Py_UNICODE_ISALNUM(AT(k));
            if (!any) { span_start = s; span_end = e; prev_ok = ok; any = 1; }
            else if (ok && prev_ok) {
                PyObject *pair = Py_BuildValue("(nn)", span_start, span_end);
                if (!pair || PyList_Append(spans, pair) < 0) { Py_XDECREF(pair); Py_DECREF(spans); free(cuts); return NULL; }
                Py_DECREF(pair);
                span_start = s; span_end = e;
            } else {  /* a punctuation-only piece joins the span before it */
                span_end = e;
                prev_ok = prev_ok || ok;
            }
        }
        if (ns > s) s = ns;
    }
    free(cuts);
    if (any) {
        PyObject *pair = Py_BuildValue("(nn)", span_start, span_end);
        if (!pair || PyList_Append(spans, pair) < 0) { Py_XDECREF(pair); Py_DECREF(spans); return NULL; }
        Py_DECREF(pair);
    }
#undef AT
    return spans;
}


static PyMethodDef methods[] = {
    {"sentence_spans", sentence_spans, METH_VARARGS, "The sentence spans of a common paragraph, or None (see etl.segment.sentences)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "etl.segment._speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
