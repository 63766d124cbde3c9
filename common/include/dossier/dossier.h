#pragma once
/// @file dossier.h
/// Umbrella header of libdossier: include this one.

#include "dossier/compress.h"
#include "dossier/date.h"
#include "dossier/document.h"
#include "dossier/error.h"
#include "dossier/extract.h"
#include "dossier/format.h"
#include "dossier/index_writer.h"
#include "dossier/indexer.h"
#include "dossier/jsonl.h"
#include "dossier/metadata.h"
#include "dossier/passages.h"
#include "dossier/query.h"
#include "dossier/schema.h"
#include "dossier/searcher.h"
#include "dossier/text.h"
