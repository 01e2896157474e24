//! The API subset: which resources exist, their scope and JSON names.

pub struct Resource {
    /// Path under `/3/`.
    pub path: &'static str,
    pub scope: &'static str,
    /// Key of the list response (`{"Customers":[…]}`).
    pub list_key: &'static str,
    /// Key of the single-item response (`{"Customer":{…}}`).
    pub item_key: &'static str,
    /// The field that identifies an item in `/3/{path}/{id}`.
    pub id_field: &'static str,
}

const fn r(
    path: &'static str,
    scope: &'static str,
    list_key: &'static str,
    item_key: &'static str,
    id_field: &'static str,
) -> Resource {
    Resource { path, scope, list_key, item_key, id_field }
}

pub const LISTS: &[Resource] = &[
    r("customers", "customer", "Customers", "Customer", "CustomerNumber"),
    r("articles", "article", "Articles", "Article", "ArticleNumber"),
    r("invoices", "invoice", "Invoices", "Invoice", "DocumentNumber"),
    r("orders", "order", "Orders", "Order", "DocumentNumber"),
    r("projects", "project", "Projects", "Project", "ProjectNumber"),
    r("suppliers", "supplier", "Suppliers", "Supplier", "SupplierNumber"),
    r("supplierinvoices", "supplierinvoice", "SupplierInvoices", "SupplierInvoice", "GivenNumber"),
    r("vouchers", "bookkeeping", "Vouchers", "Voucher", "VoucherNumber"),
    r("accounts", "bookkeeping", "Accounts", "Account", "Number"),
    r("costcenters", "costcenter", "CostCenters", "CostCenter", "Code"),
    r("employees", "salary", "Employees", "Employee", "EmployeeId"),
];

pub fn list(path: &str) -> Option<&'static Resource> {
    LISTS.iter().find(|r| r.path == path)
}
