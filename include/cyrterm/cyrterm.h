/*
 * cyrterm/cyrterm.h -- everything of cyrterm's public API.
 */
#ifndef CYRTERM_H
#define CYRTERM_H

#include "cyrterm/error.h"
#include "cyrterm/normalize.h"
#include "cyrterm/stem.h"
#include "cyrterm/tokenize.h"
#include "cyrterm/segment.h"
#include "cyrterm/index.h"
#include "cyrterm/query.h"
#include "cyrterm/glossary.h"
#include "cyrterm/search.h"

#define CYRTERM_VERSION "0.1.0"

#endif
