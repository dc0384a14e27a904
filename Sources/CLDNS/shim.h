#ifndef CLDNS_SHIM_H
#define CLDNS_SHIM_H
#include <stdio.h>
/* Must come before ldns: <ldns/common.h> otherwise does `#define bool signed char`
   (HAVE_STDBOOL_H is not defined in the installed headers) and every bool imports as Int8. */
#include <stdbool.h>
#include <ldns/ldns.h>

/* Typed copies of ldns flag macros: plain integer macros import into Swift as Int32. */
static const uint16_t CLDNS_FLAG_RD = LDNS_RD;
static const uint16_t CLDNS_FLAG_CD = LDNS_CD;
static const uint16_t CLDNS_DEFAULT_PORT = LDNS_PORT;
#endif
