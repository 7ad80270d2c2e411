"""The permission table (issue 15): for every page and API endpoint (its URL name) and every
persona of the demo, the one answer a GET gets. tests/test_permissions_table.py runs it on
the seeded demo and fails when a URL of the URLconf has no row here.

How to read a row: the URL name, the object its path is filled with (OBJECTS below), then
one outcome per persona in the order of PERSONAS:

    200  shown               302  sent elsewhere (a redirect that is not the login page)
    L    sent to the login (the admin's login is ours)
    400  the request lacks what it needs (search without a query)
    401  API: no or a bad token
    403  seen, not allowed   404  not there, or outside what the persona may see
    405  GET not allowed (the URL takes a POST; the POST is decided by the same policy)
    409  seen and allowed, but the step has no such thing yet (a document of a later step)

The personas are the demo's (demo/management/commands/demo.py), all in Westerhaven except
`buurgemeente` (procesregisseur of Oosterdijk); `anon` is not logged in. Pages are asked
with a logged-in session (password and second factor), `api:` URLs with a bearer token.

The objects: `case3` is "Jongeren Parkwijk" (step 6; every Westerhaven organisation but
Veilig Thuis takes part), `case1` is "De Jonkies" (step 2; gemeente, police, youth work and
handhaving take part, so the OM, leerplicht and care do not; the boa of handhaving is no
longer named for it, so sees its group level but none of its youths: need to know). The
demo names the professionals of every organisation taking part (`member1`, `person1`: the
first youth on case1's name list). A request with a PDF
attachment is answered on case3 by the teamchef (a demo user, not a persona: the groepsscan is
addressed to her function, so no persona answers it) before the run; its standard report goes to
`burgemeester` and `officier` (the gebiedsofficier), `report3` is that request. `none` is a URL without
arguments. Adding a URL: add its row (the test prints what each persona got).
"""

from __future__ import annotations

PERSONAS = (
    "anon", "regisseur", "coordinator", "wijkagent", "officier", "jongerenwerker", "boa",
    "leerplicht", "zorg", "burgemeester", "privacy", "beheer", "buurgemeente",
)  # fmt: skip

# Pages that end the session they are opened in (the one-time password link logs out whoever
# is logged in): the test asks them with a session of their own.
ENDS_SESSION = {"accounts:set_password"}

# url name (or route)                           object             ano reg coo wij off jon boa lee zor bur pri beh buu
TABLE = """
# --- admin -----------------------------------
beheer/login/                                   admin              L   L   L   L   L   L   L   L   L   L   L   L   L
admin:index                                     admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:login                                     admin              L   L   L   L   L   L   L   L   L   L   L   L   L
admin:logout                                    admin              302 302 302 302 302 302 302 302 302 302 302 405 302
admin:password_change                           admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:password_change_done                      admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:autocomplete                              admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:jsi18n                                    admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:view_on_site                              admin              L   L   L   L   L   L   L   L   L   L   L   404 L
admin:auth_group_changelist                     admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:auth_group_add                            admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:auth_group_history                        admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:auth_group_delete                         admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:auth_group_change                         admin              L   L   L   L   L   L   L   L   L   L   L   403 L
beheer/auth/group/<path:object_id>/             admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:otp_totp_totpdevice_config                admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:otp_totp_totpdevice_qrcode                admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:otp_totp_totpdevice_changelist            admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:otp_totp_totpdevice_add                   admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:otp_totp_totpdevice_history               admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:otp_totp_totpdevice_delete                admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:otp_totp_totpdevice_change                admin              L   L   L   L   L   L   L   L   L   L   L   403 L
beheer/otp_totp/totpdevice/<path:object_id>/    admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:api_apitoken_changelist                   admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:api_apitoken_add                          admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:api_apitoken_history                      admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:api_apitoken_delete                       admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:api_apitoken_change                       admin              L   L   L   L   L   L   L   L   L   L   L   403 L
beheer/api/apitoken/<path:object_id>/           admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:notifications_delivery_changelist         admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:notifications_delivery_add                admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:notifications_delivery_history            admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:notifications_delivery_delete             admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:notifications_delivery_change             admin              L   L   L   L   L   L   L   L   L   L   L   200 L
beheer/notifications/delivery/<path:object_id>/ admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:accounts_municipality_changelist          admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_municipality_add                 admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_municipality_history             admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_municipality_delete              admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_municipality_change              admin              L   L   L   L   L   L   L   L   L   L   L   200 L
beheer/accounts/municipality/<path:object_id>/  admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:documents_documentlayout_changelist       admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:documents_documentlayout_add              admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:documents_documentlayout_history          admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:documents_documentlayout_delete           admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:documents_documentlayout_change           admin              L   L   L   L   L   L   L   L   L   L   L   302 L
beheer/documents/documentlayout/<path:object_id>/ admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:accounts_organisation_changelist          admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_organisation_add                 admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_organisation_history             admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_organisation_delete              admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_organisation_change              admin              L   L   L   L   L   L   L   L   L   L   L   200 L
beheer/accounts/organisation/<path:object_id>/  admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:auth_user_password_change                 admin              L   L   L   L   L   L   L   L   L   L   L   403 L
admin:accounts_user_changelist                  admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_user_add                         admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_user_history                     admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_user_delete                      admin              L   L   L   L   L   L   L   L   L   L   L   200 L
admin:accounts_user_change                      admin              L   L   L   L   L   L   L   L   L   L   L   200 L
beheer/accounts/user/<path:object_id>/          admin              L   L   L   L   L   L   L   L   L   L   L   302 L
admin:app_list                                  admin              L   L   L   L   L   L   L   L   L   L   L   200 L
beheer/(?P<url>.*)$                             admin              L   L   L   L   L   L   L   L   L   L   L   404 L
# --- no namespace ------------------------------
set_language                                    none               302 302 302 302 302 302 302 302 302 302 302 302 302
health                                          none               200 200 200 200 200 200 200 200 200 200 200 200 200
# --- accounts --------------------------------
accounts:login                                  none               200 302 302 302 302 302 302 302 302 302 302 302 302
accounts:mfa_verify                             none               L   L   L   L   L   L   L   L   L   L   L   L   L
accounts:mfa_setup                              none               L   L   L   L   L   L   L   L   L   L   L   L   L
accounts:oidc_start                             org                404 302 302 302 302 302 302 302 302 302 302 302 302
accounts:oidc_callback                          none               403 302 302 302 302 302 302 302 302 302 302 302 302
accounts:logout                                 none               405 405 405 405 405 405 405 405 405 405 405 405 405
accounts:profile                                none               L   200 200 200 200 200 200 200 200 200 200 200 200
accounts:password_change                        none               L   200 200 200 200 200 200 200 200 200 200 200 200
accounts:set_password                           reset-link         400 400 400 400 400 400 400 400 400 400 400 400 400
# --- privacy ---------------------------------
privacy:overview                                none               L   404 404 404 404 404 404 404 404 404 200 404 404
privacy:log_index                               none               L   404 404 404 404 404 404 404 404 404 200 404 404
privacy:security_log                            none               L   404 404 404 404 404 404 404 404 404 200 200 404
privacy:covenant                                none               L   200 200 404 404 404 404 404 404 404 200 404 200
privacy:covenant_new                            none               L   200 404 404 404 404 404 404 404 404 200 404 200
privacy:guard_confirmations                     none               L   404 404 404 404 404 404 404 404 404 200 404 404
privacy:changes                                 none               L   200 404 404 404 404 404 404 404 404 200 200 200
privacy:change_approve                          change             L   405 405 405 405 405 405 405 405 405 405 405 405
privacy:change_reject                           change             L   405 405 405 405 405 405 405 405 405 405 405 405
privacy:request_user_change                     user               L   404 404 404 404 404 404 404 404 404 404 200 404
privacy:request_organisation_change             org                L   404 404 404 404 404 404 404 404 404 404 200 404
privacy:request_identity_provider_change        org                L   404 404 404 404 404 404 404 404 404 404 200 404
privacy:person_log                              person3            L   200 200 404 404 404 404 404 404 404 200 404 404
privacy:subject_access                          person3            L   200 404 404 404 404 404 404 404 404 404 404 404
# --- intake ----------------------------------
intake:list                                     none               L   200 200 200 200 200 200 200 200 404 404 404 200
intake:map                                      none               L   200 200 200 200 200 200 200 200 404 404 404 200
intake:create                                   none               L   200 200 200 200 200 200 200 200 404 404 404 200
intake:quick                                    none               L   200 200 200 200 200 200 200 200 404 404 404 200
intake:import                                   none               L   200 200 200 200 200 200 200 200 404 404 404 200
intake:import_confirm                           none               405 405 405 405 405 405 405 405 405 405 405 405 405
intake:detail                                   signal3            L   200 200 200 200 200 200 200 200 200 404 404 404
intake:handle                                   signal3            405 405 405 405 405 405 405 405 405 405 405 405 405
intake:link                                     signal3            405 405 405 405 405 405 405 405 405 405 405 405 405
# --- groups ----------------------------------
groups:list                                     none               L   200 200 200 200 200 200 200 200 200 200 200 200
groups:create                                   none               L   200 200 404 404 404 404 404 404 404 404 404 200
groups:detail                                   group3             L   200 200 200 200 200 200 200 200 200 404 404 404
groups:edit                                     group3             L   200 200 404 404 404 404 404 404 404 404 404 404
groups:person                                   person3            L   200 200 200 200 200 200 200 200 404 404 404 404
groups:member                                   member3            L   200 200 200 200 200 200 200 200 404 404 404 404
groups:member                                   member1            L   200 200 200 404 200 404 404 404 404 404 404 404
groups:person                                   person1            L   200 200 200 404 200 404 404 404 404 404 404 404
persons:overview                                person3            L   200 200 200 200 200 200 200 200 404 404 404 404
persons:overview                                person1            L   200 200 200 404 200 404 404 404 404 404 404 404
persons:merge                                   person3            405 405 405 405 405 405 405 405 405 405 405 405 405
persons:merge_undo                              person3            405 405 405 405 405 405 405 405 405 405 405 405 405
groups:member_update                            member3            405 405 405 405 405 405 405 405 405 405 405 405 405
groups:member_assess                            member3            405 405 405 405 405 405 405 405 405 405 405 405 405
groups:member_referral                          member3            405 405 405 405 405 405 405 405 405 405 405 405 405
groups:referral_status                          member3.referral   405 405 405 405 405 405 405 405 405 405 405 405 405
groups:member_family                            member3            405 405 405 405 405 405 405 405 405 405 405 405 405
# --- cases -----------------------------------
cases:person_requests                           person3            L   200 404 404 404 404 404 404 404 404 404 404 404
cases:request_record                            person3            L   405 405 405 405 405 405 405 405 405 405 405 405
cases:requests_overview                         none               L   404 404 404 404 404 404 404 404 404 200 404 404
cases:request_decide                            case3              L   405 405 405 405 405 405 405 405 405 405 405 405
cases:request_extend                            case3              L   405 405 405 405 405 405 405 405 405 405 405 405
cases:open                                      group3             405 405 405 405 405 405 405 405 405 405 405 405 405
cases:detail                                    case3              L   200 200 200 200 200 200 200 200 200 404 404 404
cases:detail                                    case1              L   200 200 200 404 200 200 404 404 200 404 404 404
cases:document                                  case3.document     L   200 200 200 200 200 200 200 200 200 404 404 404
cases:document                                  case1.document     L   409 409 409 404 409 409 404 404 409 404 404 404
cases:move                                      case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:coordinator                               case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:invite                                    case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:reopen                                    case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:name                                      case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:unname                                    case3.named        405 405 405 405 405 405 405 405 405 405 405 405 405
cases:name_list                                 case3              L   200 200 200 200 200 200 200 200 200 404 404 404
cases:name_list                                 case1              L   200 200 200 404 200 200 404 404 200 404 404 404
cases:name_list_status                          case3.member       405 405 405 405 405 405 405 405 405 405 405 405 405
cases:name_list_link                            case3              L   200 200 200 200 200 200 200 200 200 404 404 404
cases:name_list_link                            case1              L   200 200 200 404 200 200 404 404 200 404 404 404
cases:name_list_link_person                     case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:name_list_import                          case3              L   200 200 200 200 200 200 200 200 200 404 404 404
cases:name_list_import_confirm                  case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:requests                                  case3              L   200 200 200 200 200 200 200 200 200 404 404 404
cases:requests                                  case1              L   200 200 200 404 200 200 404 404 200 404 404 404
cases:request_answer                            case3.request      L   404 404 404 404 404 404 404 404 404 404 404 404
cases:request_attachment                        case3.request      L   200 200 200 200 200 200 200 200 200 404 404 404
cases:request_names                             case3.request      L   200 200 200 200 200 200 200 200 200 404 404 404
cases:request_names_answer                      case3.request      405 405 405 405 405 405 405 405 405 405 405 405 405
cases:police_groepsscan                         case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:reports                                   none               L   200 200 200 200 200 200 200 200 200 200 200 200
cases:report_download                           case3.request      L   404 404 404 200 404 404 404 404 200 404 404 404
cases:matrix                                    case3              L   200 200 200 200 200 200 200 200 200 404 404 404
cases:informing                                 case3              L   200 200 200 200 200 200 200 200 404 404 404 404
cases:informing                                 case1              L   200 200 200 404 200 404 404 404 404 404 404 404
cases:informing_parent                          case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:informing_informed                        case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:informing_postpone                        case3              405 405 405 405 405 405 405 405 405 405 405 405 405
cases:informing_letter                          case3              L   404 404 404 404 404 404 404 404 404 404 404 404
cases:school_letter                             case3              L   200 200 404 404 404 404 404 404 404 404 404 404
cases:school_letter                             case1              L   200 200 404 404 404 404 404 404 404 404 404 404
cases:letter_template                           audience           L   200 404 404 404 404 404 404 404 404 404 404 200
cases:matrix                                    case1              L   200 200 200 404 200 200 404 404 200 404 404 404
# --- analysis --------------------------------
analysis:agenda                                 none               L   200 200 404 404 404 404 404 404 200 404 404 200
analysis:picture                                case3              L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:picture_version                        case3.picture      L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:dynamics                               case3              L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:dynamics_assess                        case3              405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:dynamics_tie                           case3              405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:dynamics_end_tie                       case3.tie          405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:interventions                          case3              L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:circular                               case3              L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:round                                  case3.round        L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:round_answer                           case3.round        405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:round_thread                           case3.round        405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:round_close                            case3.round        405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:plan                                   case3              L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:plan_save                              case3              405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:plan_capacity                          case3              405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:plan_capacity_remove                   case3.estimate     405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:advice                                 case3              L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:advice_generate                        case3              405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:advice_save                            case3              405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:advice_member                          case3              405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:advice_member_remove                   case3.forum_member 405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:advice_send                            case3              405 405 405 405 405 405 405 405 405 405 405 405 405
analysis:decision                               case3              L   200 200 200 200 200 200 200 200 200 404 404 404
analysis:contacts                               case3              L   200 200 200 200 200 200 200 200 200 404 404 404
# --- plans -----------------------------------
plans:plan                                      case3              L   200 200 200 200 200 200 200 200 200 404 404 404
plans:plan_edit                                 case3              L   200 200 404 404 404 404 404 404 404 404 404 404
plans:plan_version                              case3.plan         L   200 200 200 200 200 200 200 200 200 404 404 404
plans:plan_compare                              case3              L   200 200 200 200 200 200 200 200 200 404 404 404
# --- monitoring ------------------------------
monitoring:actions                              case3              L   200 200 200 200 200 200 200 200 200 404 404 404
monitoring:action                               case3.action       L   200 200 200 200 200 200 200 200 200 404 404 404
monitoring:action_update                        case3.action       L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:action_escalate                      case3.action       L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:action_outcome                       case3.action       L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:my_actions                           none               L   200 200 200 200 200 200 200 200 200 200 200 200
monitoring:monitoring                           case3              L   200 200 200 200 200 200 200 200 200 404 404 404
monitoring:monitoring_from_result               case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:monitoring_indicator                 case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:monitoring_measure                   case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:monitoring_import                    case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:monitoring_compute                   case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:monitoring_report                    case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:indicator                            case3.indicator    L   200 200 200 200 200 200 200 200 200 404 404 404
monitoring:progress_report                      case3.report       L   200 200 200 200 200 200 200 200 200 404 404 404
monitoring:crisis                               case3              L   200 200 200 200 200 200 200 200 200 404 404 404
monitoring:crisis_start                         case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:crisis_end                           case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:crisis_briefing                      case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:fast_track                           case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:urgent_action                        case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:crisis_publish                       case3              L   405 405 405 405 405 405 405 405 405 405 405 405
monitoring:crisis_publication                   case3.publication  L   404 404 404 404 404 404 404 404 404 404 404 404
monitoring:crisis_publication_pdf               case3.publication  L   404 404 404 404 404 404 404 404 404 404 404 404
# --- closing ---------------------------------
closing:closing                                 case3              L   200 200 200 200 200 200 200 200 200 200 404 404
closing:closing_decision                        case3              L   405 405 405 405 405 405 405 405 405 405 405 405
closing:closing_offer                           case3              L   405 405 405 405 405 405 405 405 405 405 405 405
closing:closing_answer                          case3              L   405 405 405 405 405 405 405 405 405 405 405 405
closing:closing_retention                       case3              L   405 405 405 405 405 405 405 405 405 405 405 405
closing:closing_hold                            case3              L   405 405 405 405 405 405 405 405 405 405 405 405
closing:handovers                               none               L   200 200 200 200 200 200 200 200 200 404 404 200
closing:evaluation                              case3              L   200 200 200 200 200 200 200 200 200 404 404 404
closing:evaluation_open                         case3              L   405 405 405 405 405 405 405 405 405 405 405 405
closing:evaluation_contribute                   case3              L   405 405 405 405 405 405 405 405 405 405 405 405
closing:evaluation_discuss                      case3              L   405 405 405 405 405 405 405 405 405 405 405 405
closing:evaluation_report                       case3              L   404 404 404 404 404 404 404 404 404 404 404 404
# --- api -------------------------------------
api:root                                        none               200 200 200 200 200 200 200 200 200 200 200 200 200
api:schema                                      none               200 200 200 200 200 200 200 200 200 200 200 200 200
api:docs                                        none               200 200 200 200 200 200 200 200 200 200 200 200 200
api:profile_tokens                              none               L   L   L   L   L   L   L   L   L   L   L   L   L
api:me                                          none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:signals                                     none               401 200 200 200 200 200 200 200 200 403 403 403 200
api:signals_import                              none               401 405 405 405 405 405 405 405 405 405 405 405 405
api:signal                                      signal3            401 200 200 200 200 200 200 200 200 200 404 404 404
api:signal_handle                               signal3            401 405 405 405 405 405 405 405 405 405 405 405 405
api:signal_link                                 signal3            401 405 405 405 405 405 405 405 405 405 405 405 405
api:groups                                      none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:group                                       group3             401 200 200 200 200 200 200 200 200 200 404 404 404
api:group_members                               group3             401 200 200 200 200 200 200 200 200 200 404 404 404
api:person                                      person3            401 200 200 200 200 200 200 200 200 404 404 404 404
api:person                                      person1            401 200 200 200 404 200 404 404 404 404 404 404 404
api:person_log                                  person3            401 200 200 404 404 404 404 404 404 404 200 404 404
api:person_log_export                           person3            401 200 200 404 404 404 404 404 404 404 200 404 404
api:person_subject_access                       person3            401 200 404 404 404 404 404 404 404 404 404 404 404
api:person_known_by                             person3            401 200 200 200 200 200 200 200 200 404 404 404 404
api:person_known_by                             person1            401 200 200 200 404 200 404 404 404 404 404 404 404
api:person_merge                                person3            401 405 405 405 405 405 405 405 405 405 405 405 405
api:person_merge_undo                           person3            401 405 405 405 405 405 405 405 405 405 405 405 405
api:cases                                       none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:case                                        case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case                                        case1              401 200 200 200 404 200 200 404 404 200 404 404 404
api:case_transitions                            case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_documents                              case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_document                               case3.document     401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_document                               case1.document     401 409 409 409 404 409 409 404 404 409 404 404 404
api:case_transition                             case3.transition   401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_coordinator                            case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_participants                           case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_reopen                                 case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_named                                  case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_naming                                 case3.named        401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_naming_end                             case3.named        401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_name_list                              case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_name_list                              case1              401 200 200 200 404 200 200 404 404 200 404 404 404
api:case_name_list_candidates                   case3              401 400 400 400 400 400 400 400 400 403 404 404 404
api:case_name_list_link                         case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_name_list_import                       case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_member                                 case3.member       401 200 200 200 200 200 200 200 200 404 404 404 404
api:case_person                                 case3.member       401 200 200 200 200 200 200 200 200 404 404 404 404
api:case_member_role                            case3.member       401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_member_assessments                     case3.member       401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_member_referrals                       case3.member       401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_member_family_links                    case3.member       401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_member_referral                        case3.referral     401 200 200 200 200 200 404 404 200 404 404 404 404
api:case_requests                               case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_request                                case3.request      401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_request_answer                         case3.request      401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_request_attachment                     case3.request      401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_request_groepsscan                     case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_request_om                             case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_request_police_groepsscan              case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_request_names                          case3.request      401 200 200 200 200 200 200 200 200 200 404 404 404
api:reports                                     none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:report_attachment                           report3            401 404 404 404 200 404 404 404 404 200 404 404 404
api:case_matrix                                 case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_picture                                case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_picture_version                        case3.picture      401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_concept_plan                           case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_concept_plan_version                   case3.concept_plan 401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_capacity                               case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_capacity_estimate                      case3.estimate     401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_interventions                          case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_dynamics                               case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_assessments                            case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_ties                                   case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_tie_end                                case3.tie          401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_rounds                                 case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_round                                  case3.round        401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_round_answer                           case3.round        401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_round_threads                          case3.round        401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_round_close                            case3.round        401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_advices                                case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_advice                                 case3.advice       401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_advice_forum_members                   case3.advice       401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_advice_forum_member                    case3.forum_member 401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_advice_send                            case3.advice       401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_decisions                              case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_decision                               case3.decision     401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_municipality_contacts                  case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_plan                                   case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_plan_version                           case3.plan         401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_plan_compare                           case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_actions                                case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_actions_progress                       case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_action                                 case3.action       401 200 200 200 200 200 200 200 200 404 404 404 404
api:case_action_escalations                     case3.action       401 200 200 200 200 200 200 200 200 404 404 404 404
api:case_action_escalation_outcome              case3.escalation   401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_indicators                             case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_indicators_import                      case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_indicator                              case3.indicator    401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_indicator_measurements                 case3.indicator    401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_indicator_compute                      case3.indicator    401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_progress_reports                       case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_crisis                                 case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_crisis_briefings                       case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_closing                                case3              401 200 200 200 200 200 200 200 200 200 200 404 404
api:case_handovers                              case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_retention                              case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_legal_hold                             case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_evaluation                             case3              401 200 200 200 200 200 200 200 200 200 404 404 404
api:case_evaluation_contributions               case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:case_evaluation_discussion                  case3              401 405 405 405 405 405 405 405 405 405 405 405 405
api:agenda                                      none               401 200 200 403 403 403 403 403 403 200 403 403 200
api:my_actions                                  none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:handovers                                   none               401 200 200 200 200 200 200 200 200 200 403 403 200
api:handover_answer                             handover           401 405 405 405 405 405 405 405 405 405 405 405 405
api:matrix_items                                none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:search                                      none               401 400 400 400 400 400 400 400 400 400 400 400 400
api:regie                                       none               401 200 200 403 403 403 403 403 403 200 403 403 200
api:privacy_scan                                none               401 405 405 405 405 405 405 405 405 405 405 405 405
api:processing_log                              none               401 403 403 403 403 403 403 403 403 403 200 403 403
api:organisations                               none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:organisation                                org                401 200 200 200 200 200 200 200 200 200 200 200 404
api:covenants                                   none               401 200 200 403 403 403 403 403 403 403 200 403 200
api:covenant                                    covenant           401 200 200 403 403 403 403 403 403 403 200 403 404
api:guard_confirmations                         none               401 403 403 403 403 403 403 403 403 403 200 403 403
api:guard_confirmation_review                   confirmation       401 405 405 405 405 405 405 405 405 405 405 405 405
api/v1/^(?P<rest>.*)$                           missing            404 404 404 404 404 404 404 404 404 404 404 404 404
# --- dashboard -------------------------------
dashboard:home                                  none               L   200 200 200 200 200 200 200 200 200 200 200 200
dashboard:help                                  none               200 200 200 200 200 200 200 200 200 200 200 200 200
dashboard:help_page                             manual             200 200 200 200 200 200 200 200 200 200 200 200 200
dashboard:search                                none               L   200 200 200 200 200 200 200 200 200 200 200 200
dashboard:regie                                 none               L   200 200 404 404 404 404 404 404 200 404 404 200
dashboard:waiting                               waiting            L   200 200 200 200 200 200 200 200 404 404 404 404
# --- notifications ---------------------------
notifications:list                              none               L   200 200 200 200 200 200 200 200 200 200 200 200
notifications:read                              notification       L   405 405 405 405 405 405 405 405 405 405 405 405
notifications:read_all                          none               L   405 405 405 405 405 405 405 405 405 405 405 405
notifications:preferences                       none               L   200 200 200 200 200 200 200 200 200 200 200 200
api:inbox                                       none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:notifications                               none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:notification_preferences                    none               401 200 200 200 200 200 200 200 200 200 200 200 200
api:notification                                notification       401 200 404 404 404 404 404 404 404 404 404 404 404
api:notification_read                           notification       401 405 405 405 405 405 405 405 405 405 405 405 405
"""


def rows() -> list[tuple[str, str, dict[str, str]]]:
    """(url name, object, {persona: outcome}) per row of TABLE."""
    out = []
    for line in TABLE.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, obj, *outcomes = line.split()
        if len(outcomes) != len(PERSONAS):
            raise ValueError(f"row {name} {obj}: {len(outcomes)} outcomes for {len(PERSONAS)} personas")
        out.append((name, obj, dict(zip(PERSONAS, outcomes, strict=True))))
    return out
