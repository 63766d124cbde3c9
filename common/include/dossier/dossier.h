#pragma once
/// @file dossier.h
/// Umbrella header of libdossier: include this one.

#include "dossier/date.h"
#include "dossier/db_path.h"
#include "dossier/document.h"
#include "dossier/error.h"
#include "dossier/export.h"
#include "dossier/extract.h"
#include "dossier/index_writer.h"
#include "dossier/indexer.h"
#include "dossier/ocr.h"
#include "dossier/printers.h"
#include "dossier/query.h"
#include "dossier/report.h"
#include "dossier/request.h"
#include "dossier/schema.h"
#include "dossier/searcher.h"
#include "dossier/version.h"
