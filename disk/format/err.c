/* Problems as one line each: the first kept, every one reported. */
#include <stdarg.h>
#include <stdio.h>

#include "diskfmt.h"

int fmt_fail(struct fmt_err *err, const char *fmt, ...)
{
	char line[sizeof(err->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (err->count++ == 0)
		snprintf(err->msg, sizeof(err->msg), "%s", line);
	if (err->report)
		err->report(err->ctx, line);
	return -1;
}
