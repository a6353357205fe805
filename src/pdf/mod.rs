//! PDF documents. CONTRACT (owned by the PDF helper): see `render_registration`.
